import { createHmac } from 'node:crypto';

// Sends what Slack sends: a form-encoded slash command payload, a form-encoded block_actions
// payload, or a JSON Events API delivery, signed the way Slack signs them (HMAC-SHA256 of
// `v0:<timestamp>:<body>` with the app's signing secret).

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
  return postSigned(eventsUrl, body, 'application/x-www-form-urlencoded', options);
}

/** A button click as Slack sends it: the JSON payload form-encoded under `payload`. */
export interface BlockActionsPayload {
  type: 'block_actions';
  team: { id: string; domain: string };
  user: { id: string; username: string; team_id: string };
  api_app_id: string;
  token: string;
  trigger_id: string;
  response_url: string;
  channel?: { id: string; name: string };
  container?: Record<string, unknown>;
  message?: Record<string, unknown>;
  actions: { type: 'button'; action_id: string; block_id: string; value?: string; action_ts: string; text?: unknown }[];
}

export async function sendBlockActions(
  eventsUrl: string,
  payload: BlockActionsPayload,
  options: SendOptions,
): Promise<{ status: number; body: unknown }> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(eventsUrl, body, 'application/x-www-form-urlencoded', options);
}

/** An Events API delivery (`event_callback`), sent as JSON the way Slack sends it. */
export interface EventCallbackEnvelope {
  type: 'event_callback';
  token: string;
  team_id: string;
  api_app_id: string;
  event: Record<string, unknown> & { type: string };
  event_id: string;
  event_time: number;
  authorizations?: Record<string, unknown>[];
}

export async function sendEvent(
  eventsUrl: string,
  envelope: EventCallbackEnvelope,
  options: SendOptions,
): Promise<{ status: number; body: unknown }> {
  return postSigned(eventsUrl, JSON.stringify(envelope), 'application/json', options);
}

async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SendOptions,
): Promise<{ status: number; body: unknown }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1_000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signSlackRequest(options.signingSecret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : parseAnswer(text) };
}

// Bolt acks events and actions with an empty body or a short text; only command acks carry JSON.
function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
