import { assertLoopbackUrl } from './loopback-url.ts';
import type { RateLimitOptions } from './rate-limiter.ts';
import { parseSeedConfig, type ResolvedSeed, type SeedConfig } from './seed-config.ts';

// Options of startSlackEmulator, with Slack's own numbers as defaults.

export interface SlackEmulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; 0 (the default) picks a free one, reported in `url`. */
  port?: number;
  /** Where slash commands, events and (unless interactivityUrl is set) interactions are sent. */
  botRequestUrl?: string;
  /** Where block_actions, view_submission and view_closed are sent; defaults to botRequestUrl. */
  interactivityUrl?: string;
  /** The app's signing secret: every request to the bot is signed with it. */
  signingSecret: string;
  /** The bot token (`xoxb-…`) the Web API accepts. */
  botToken: string;
  /** The legacy verification token sent as `token` in payloads. */
  verificationToken?: string;
  workspace?: SeedConfig;
  rateLimits?: RateLimitOptions;
  /** How long Slack waits for the bot's acknowledgement; default 3000 ms. */
  ackTimeoutMs?: number;
  /** Waits before each event retry; default Slack's: at once, after 1 minute, after 5 minutes. */
  eventRetryDelaysMs?: number[];
  /** Events the app subscribed to; default app_mention and app_home_opened. */
  eventSubscriptions?: string[];
  /** How long a trigger_id opens a modal. Slack allows 3 s; the default is a generous 10 s. */
  triggerIdTtlMs?: number;
  /** Uses and lifetime of a response_url; default Slack's 5 uses within 30 minutes. */
  responseUrl?: { maxUses?: number; ttlMs?: number };
  /** Largest accepted file upload; default 20 MiB. */
  maxUploadBytes?: number;
  /** Where unexpected internal errors are reported; default stderr. */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  botRequestUrl: string | undefined;
  interactivityUrl: string | undefined;
  signingSecret: string;
  botToken: string;
  verificationToken: string;
  seed: ResolvedSeed;
  rateLimits: RateLimitOptions;
  ackTimeoutMs: number;
  eventRetryDelaysMs: number[];
  eventSubscriptions: string[];
  triggerIdTtlMs: number;
  responseUrl: { maxUses: number; ttlMs: number };
  maxUploadBytes: number;
  log: (line: string) => void;
}

export function resolveOptions(options: SlackEmulatorOptions): ResolvedOptions {
  const problems: string[] = [];
  if (typeof options.signingSecret !== 'string' || options.signingSecret === '') problems.push('signingSecret is required');
  if (typeof options.botToken !== 'string' || options.botToken === '') problems.push('botToken is required');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`port must be a whole number from 0 to 65535, got ${String(port)}`);
  for (const [name, value] of [
    ['botRequestUrl', options.botRequestUrl],
    ['interactivityUrl', options.interactivityUrl],
  ] as const) {
    if (value === undefined) continue;
    try {
      assertLoopbackUrl(value, name);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value <= 0) problems.push(`${name} must be a positive number of milliseconds`);
    return value;
  };
  const resolved: ResolvedOptions = {
    host: options.host ?? '127.0.0.1',
    port,
    botRequestUrl: options.botRequestUrl,
    interactivityUrl: options.interactivityUrl,
    signingSecret: options.signingSecret,
    botToken: options.botToken,
    verificationToken: options.verificationToken ?? 'emulator-verification-token',
    seed: parseSeedConfig(options.workspace, 'options.workspace'),
    rateLimits: options.rateLimits ?? {},
    ackTimeoutMs: positive('ackTimeoutMs', options.ackTimeoutMs, 3000),
    eventRetryDelaysMs: options.eventRetryDelaysMs ?? [0, 60_000, 300_000],
    eventSubscriptions: options.eventSubscriptions ?? ['app_mention', 'app_home_opened'],
    triggerIdTtlMs: positive('triggerIdTtlMs', options.triggerIdTtlMs, 10_000),
    responseUrl: {
      maxUses: options.responseUrl?.maxUses ?? 5,
      ttlMs: positive('responseUrl.ttlMs', options.responseUrl?.ttlMs, 30 * 60_000),
    },
    maxUploadBytes: options.maxUploadBytes ?? 20 * 1024 * 1024,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
  if (resolved.eventRetryDelaysMs.some((d) => !Number.isFinite(d) || d < 0)) problems.push('eventRetryDelaysMs must be zero or positive numbers');
  if (!Number.isInteger(resolved.responseUrl.maxUses) || resolved.responseUrl.maxUses < 1) problems.push('responseUrl.maxUses must be a whole number of at least 1');
  if (problems.length > 0) throw new Error(`Invalid Slack emulator options: ${problems.join('; ')}`);
  return resolved;
}
