import { createHmac } from 'node:crypto';

// Sends what Slack sends: a form-encoded slash command payload, signed the way Slack signs it
// (HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's signing secret).

export interface SlashCommandPayload {
  command: string;
  text: string;
  user_id: string;
  team_id: string;
  channel_id: string;
  trigger_id: string;
  response_url: string;
}

export interface SendOptions {
  signingSecret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Replaces the computed signature (for forgeries). */
  signature?: string;
  /** Set on Slack's redeliveries. */
  retryNum?: number;
}

export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function sendSlashCommand(
  eventsUrl: string,
  payload: SlashCommandPayload,
  options: SendOptions,
): Promise<{ status: number; body: unknown }> {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_domain: 'acme',
    channel_name: 'ml-training',
    user_name: 'ada',
    api_app_id: 'A0APP',
    ...payload,
  }).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1_000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signSlackRequest(options.signingSecret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(eventsUrl, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
