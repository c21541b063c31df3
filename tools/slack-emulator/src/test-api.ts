import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickResult } from './block-actions.ts';
import type { DeliveryRecord } from './bot-delivery.ts';
import { EmulatorRequestError } from './emulator-request-error.ts';
import type { EventDeliveryResult } from './events.ts';
import { BodyTooLargeError, readJsonBody, sendJson } from './http-io.ts';
import { isJsonObject } from './json-values.ts';
import type { ForcedRateLimit, RateLimitOptions, RateLimitTier } from './rate-limiter.ts';
import type { SlackEmulator } from './slack-emulator-types.ts';
import type { CommandResult } from './slash-commands.ts';

// The test API under /_emulator: drive the workspace as its people would (commands, clicks, form
// submissions, messages) and read back what happened. JSON in, JSON out, snake_case like Slack.

const maxBodyBytes = 1024 * 1024;

export interface TestApiOptions {
  emulator: SlackEmulator;
  subscribe(res: ServerResponse): void;
  workspaceSummary(): Record<string, unknown>;
  rateLimitSettings(): unknown;
}

export async function handleTestApi(req: IncomingMessage, res: ServerResponse, url: URL, options: TestApiOptions): Promise<void> {
  const { emulator } = options;
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/^\/_emulator/, '')}`;
  try {
    switch (route) {
      case 'GET /stream':
        return options.subscribe(res);
      case 'GET /workspace':
        return sendJson(res, 200, { ok: true, ...options.workspaceSummary() });
      case 'GET /messages':
        return sendJson(res, 200, { ok: true, ...emulator.messages(requiredQuery(url, 'channel')) });
      case 'GET /views': {
        const views = emulator.views(requiredQuery(url, 'user'));
        return sendJson(res, 200, { ok: true, ...views });
      }
      case 'GET /calls':
        return sendJson(res, 200, { ok: true, calls: emulator.calls(url.searchParams.get('method') ?? undefined) });
      case 'GET /deliveries': {
        const kind = url.searchParams.get('kind') ?? undefined;
        return sendJson(res, 200, { ok: true, deliveries: emulator.deliveries(kind as DeliveryRecord['kind'] | undefined) });
      }
      case 'GET /rate-limits':
        return sendJson(res, 200, { ok: true, rate_limits: options.rateLimitSettings() });
    }
    if (req.method !== 'POST') {
      throw new EmulatorRequestError(404, 'unknown_route', `No test API route ${route}; see the README for the list.`);
    }
    const body = await readJsonBody(req, maxBodyBytes);
    if (body === undefined) throw new EmulatorRequestError(400, 'invalid_json', 'The body must be a JSON object.');
    switch (route) {
      case 'POST /command': {
        const result = await emulator.sendCommand({
          user: str(body.user, 'user'),
          channel: str(body.channel, 'channel'),
          text: str(body.text, 'text'),
          ...(body.command === undefined ? {} : { command: str(body.command, 'command') }),
        });
        return sendJson(res, 200, commandJson(result));
      }
      case 'POST /click': {
        const result = await emulator.click({
          user: str(body.user, 'user'),
          actionId: str(body.action_id, 'action_id'),
          ...optional('channel', body.channel),
          ...optional('messageTs', body.message_ts),
          ...optional('viewId', body.view_id),
          ...optional('value', body.value),
          ...optional('blockId', body.block_id),
        });
        return sendJson(res, 200, clickJson(result));
      }
      case 'POST /submit': {
        if (body.values !== undefined && !isJsonObject(body.values)) {
          throw new EmulatorRequestError(400, 'invalid_values', 'values must be an object keyed by block_id.');
        }
        const result = await emulator.submitView({
          user: str(body.user, 'user'),
          viewId: str(body.view_id, 'view_id'),
          ...(isJsonObject(body.values) ? { values: body.values } : {}),
        });
        return sendJson(res, 200, { ok: true, outcome: result.outcome, errors: result.errors ?? null, ack: result.ack });
      }
      case 'POST /close-view': {
        const result = await emulator.closeView({ user: str(body.user, 'user'), viewId: str(body.view_id, 'view_id') });
        return sendJson(res, 200, { ok: true, notified: result.notified !== undefined });
      }
      case 'POST /message': {
        const message = await emulator.postUserMessage({
          user: str(body.user, 'user'),
          channel: str(body.channel, 'channel'),
          text: str(body.text, 'text'),
          ...optional('threadTs', body.thread_ts),
        });
        return sendJson(res, 200, { ok: true, message });
      }
      case 'POST /event': {
        if (!isJsonObject(body.event)) throw new EmulatorRequestError(400, 'invalid_event', 'event must be an object with a type.');
        const delays = body.retry_delays_ms;
        if (delays !== undefined && !(Array.isArray(delays) && delays.every((d) => typeof d === 'number' && d >= 0))) {
          throw new EmulatorRequestError(400, 'invalid_retry_delays', 'retry_delays_ms must be a list of milliseconds.');
        }
        const result = await emulator.sendEvent(body.event, delays === undefined ? {} : { retryDelaysMs: delays as number[] });
        return sendJson(res, 200, eventJson(result));
      }
      case 'POST /home-opened': {
        const result = await emulator.openAppHome(str(body.user, 'user'));
        return sendJson(res, 200, { ok: true, event: result === undefined ? null : eventJson(result) });
      }
      case 'POST /reset':
        emulator.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /rate-limits': {
        const { options: limits, forced } = parseRateLimitRequest(body);
        emulator.setRateLimits(limits);
        if (forced !== undefined) emulator.forceRateLimit(forced);
        return sendJson(res, 200, { ok: true, rate_limits: options.rateLimitSettings() });
      }
      case 'POST /bot-request-url': {
        const url = body.url === null ? undefined : str(body.url, 'url');
        emulator.setBotRequestUrl(url, body.interactivity_url === undefined || body.interactivity_url === null ? undefined : str(body.interactivity_url, 'interactivity_url'));
        return sendJson(res, 200, { ok: true });
      }
    }
    throw new EmulatorRequestError(404, 'unknown_route', `No test API route ${route}; see the README for the list.`);
  } catch (error) {
    if (error instanceof EmulatorRequestError) return sendJson(res, error.status, { ok: false, error: error.code, message: error.message });
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { ok: false, error: 'too_large', message: error.message });
    throw error;
  }
}

function requiredQuery(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (value === null || value === '') throw new EmulatorRequestError(400, `missing_${name}`, `The ${name} query parameter is required.`);
  return value;
}

/**
 * A string field. A missing one passes through as undefined so the emulator refuses it with its own
 * message ("user is required: …"); any other type is refused here.
 */
function str(value: unknown, name: string): string {
  if (value === undefined || value === null) return undefined as unknown as string;
  if (typeof value !== 'string') throw new EmulatorRequestError(400, `invalid_${name}`, `${name} must be a string.`);
  return value;
}

function optional<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw new EmulatorRequestError(400, `invalid_${key}`, `${key} must be a string.`);
  return { [key]: value } as Partial<Record<K, string>>;
}

function commandJson(result: CommandResult) {
  return {
    ok: true,
    command: result.command,
    text: result.text,
    trigger_id: result.triggerId,
    response_url: result.responseUrl,
    ack: result.ack,
    ack_message: result.ackMessage ?? null,
  };
}

function clickJson(result: ClickResult) {
  return {
    ok: true,
    trigger_id: result.triggerId,
    response_url: result.responseUrl ?? null,
    action: result.action,
    confirmed: result.confirmed ?? null,
    ack: result.ack,
  };
}

function eventJson(result: EventDeliveryResult) {
  return {
    ok: true,
    event_id: result.eventId,
    delivered: result.delivered,
    attempts: result.attempts.map((a) => ({ retry_num: a.retryNum, retry_reason: a.retryReason ?? null, status: a.status, ack_ms: a.ackMs, timed_out: a.timedOut, error: a.error ?? null })),
  };
}

/** Validates the knobs of POST /_emulator/rate-limits; every problem names its field. */
export function parseRateLimitRequest(body: Record<string, unknown>): { options: RateLimitOptions; forced?: ForcedRateLimit } {
  const problems: string[] = [];
  const options: RateLimitOptions = {};
  const known = new Set(['enabled', 'tiers', 'method_tiers', 'post_message_per_channel', 'force']);
  for (const key of Object.keys(body)) if (!known.has(key)) problems.push(`${key}: unknown setting (use ${[...known].join(', ')})`);
  if (body.enabled !== undefined) {
    if (typeof body.enabled === 'boolean') options.enabled = body.enabled;
    else problems.push('enabled: must be true or false');
  }
  if (body.tiers !== undefined) {
    if (!isJsonObject(body.tiers)) problems.push('tiers: must be an object such as {"3": 50}');
    else {
      const tiers: Partial<Record<RateLimitTier, number>> = {};
      for (const [tier, limit] of Object.entries(body.tiers)) {
        if (!['1', '2', '3', '4'].includes(tier)) problems.push(`tiers.${tier}: tiers are 1 to 4`);
        else if (!isPositiveInteger(limit)) problems.push(`tiers.${tier}: must be a whole number of calls per minute, at least 1`);
        else tiers[Number(tier) as RateLimitTier] = limit;
      }
      options.tiers = tiers;
    }
  }
  if (body.method_tiers !== undefined) {
    if (!isJsonObject(body.method_tiers)) problems.push('method_tiers: must be an object such as {"chat.update": 3}');
    else {
      const methodTiers: Record<string, RateLimitTier> = {};
      for (const [method, tier] of Object.entries(body.method_tiers)) {
        if (tier !== 1 && tier !== 2 && tier !== 3 && tier !== 4) problems.push(`method_tiers.${method}: must be 1, 2, 3 or 4`);
        else methodTiers[method] = tier;
      }
      options.methodTiers = methodTiers;
    }
  }
  const perChannel = body.post_message_per_channel;
  if (perChannel !== undefined) {
    if (!isJsonObject(perChannel)) problems.push('post_message_per_channel: must be {"per_second": n, "burst": n}');
    else {
      const settings: { perSecond?: number; burst?: number } = {};
      if (perChannel.per_second !== undefined) {
        if (typeof perChannel.per_second !== 'number' || !(perChannel.per_second > 0)) problems.push('post_message_per_channel.per_second: must be a positive number');
        else settings.perSecond = perChannel.per_second;
      }
      if (perChannel.burst !== undefined) {
        if (!isPositiveInteger(perChannel.burst)) problems.push('post_message_per_channel.burst: must be a whole number, at least 1');
        else settings.burst = perChannel.burst;
      }
      options.postMessagePerChannel = settings;
    }
  }
  let forced: ForcedRateLimit | undefined;
  if (body.force !== undefined) {
    const force = body.force;
    if (!isJsonObject(force)) problems.push('force: must be {"method": "chat.update", "count": 3, "retry_after": 1}');
    else {
      if (typeof force.method !== 'string' || force.method === '') problems.push('force.method: required, a Web API method name');
      if (!isPositiveInteger(force.count) || force.count > 1000) problems.push('force.count: must be a whole number from 1 to 1000');
      const retryAfter = force.retry_after ?? 1;
      if (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0) problems.push('force.retry_after: must be whole seconds, 0 or more');
      if (problems.length === 0) forced = { method: force.method as string, count: force.count as number, retryAfterSeconds: retryAfter as number };
    }
  }
  if (problems.length > 0) throw new EmulatorRequestError(400, 'invalid_rate_limits', `Rate limit settings not changed: ${problems.join('; ')}.`);
  return forced === undefined ? { options } : { options, forced };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}
