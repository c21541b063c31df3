import { createHmac, timingSafeEqual } from 'node:crypto';

// Slack's request signing, version 0: https://api.slack.com/authentication/verifying-requests-from-slack

export interface SignSlackRequestOptions {
  signingSecret: string;
  /** Unix seconds, sent as `X-Slack-Request-Timestamp`. */
  timestamp: number;
  /** The exact raw body that will be sent. */
  body: string;
}

/** Returns the `X-Slack-Signature` value: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function signSlackRequest(options: SignSlackRequestOptions): string {
  const hmac = createHmac('sha256', options.signingSecret);
  hmac.update(`v0:${options.timestamp}:${options.body}`);
  return `v0=${hmac.digest('hex')}`;
}

export interface VerifySlackSignatureOptions {
  signingSecret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  body: string;
  /** Unix seconds; defaults to the current time. */
  nowSeconds?: number;
  /** Largest accepted clock difference; Slack's guidance is five minutes. */
  maxAgeSeconds?: number;
}

/** Checks a signed request the way a Slack app must; false for a missing, stale or forged signature. */
export function verifySlackSignature(options: VerifySlackSignatureOptions): boolean {
  const { signature, timestamp } = options;
  if (signature === undefined || timestamp === undefined || !/^\d+$/.test(timestamp)) return false;
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (options.maxAgeSeconds ?? 300)) return false;
  const expected = Buffer.from(
    signSlackRequest({ signingSecret: options.signingSecret, timestamp: Number(timestamp), body: options.body }),
  );
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
