// Slack's Web API rate limits: per-method tiers counted per minute, plus chat.postMessage's own
// rule of about one message per second per channel with short bursts allowed. A refused call gets
// HTTP 429 with `Retry-After` in whole seconds. Tests can also force the next N calls of a method
// to be refused, to exercise a client's back-off without sending hundreds of calls.

export type RateLimitTier = 1 | 2 | 3 | 4;

export interface RateLimitOptions {
  /** False turns every limit off (forced refusals still apply). Default true. */
  enabled?: boolean;
  /** Calls per minute per method for each tier. Default Slack's: 1, 20, 50, 100. */
  tiers?: Partial<Record<RateLimitTier, number>>;
  /** Tier of each method; unknown methods are Tier 3. */
  methodTiers?: Record<string, RateLimitTier>;
  /** chat.postMessage per channel: sustained rate and burst size. Default 1 per second, burst 3. */
  postMessagePerChannel?: { perSecond?: number; burst?: number };
}

export interface ForcedRateLimit {
  method: string;
  /** How many of the next calls are refused. */
  count: number;
  /** The Retry-After value sent with each refusal. */
  retryAfterSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts the call and says whether it may proceed; `channel` matters only for chat.postMessage. */
  check(method: string, channel?: string): RateLimitDecision;
  force(forced: ForcedRateLimit): void;
  configure(options: RateLimitOptions): void;
  settings(): ResolvedRateLimits;
  reset(): void;
}

export interface ResolvedRateLimits {
  enabled: boolean;
  tiers: Record<RateLimitTier, number>;
  methodTiers: Record<string, RateLimitTier>;
  postMessagePerChannel: { perSecond: number; burst: number };
  forced: ForcedRateLimit[];
}

// From each method's page on docs.slack.dev ("Rate limits" facts). Methods marked "Special" there
// are given the closest tier; chat.postMessage is handled by its per-channel rule instead.
export const defaultMethodTiers: Record<string, RateLimitTier> = {
  'auth.test': 4,
  'chat.update': 3,
  'chat.delete': 3,
  'chat.postEphemeral': 4,
  'chat.getPermalink': 4,
  'reactions.add': 3,
  'reactions.remove': 3,
  'conversations.info': 3,
  'conversations.join': 3,
  'conversations.history': 3,
  'conversations.replies': 3,
  'users.info': 4,
  'usergroups.list': 2,
  'usergroups.users.list': 2,
  'views.open': 4,
  'views.push': 4,
  'views.update': 4,
  'views.publish': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
  'files.info': 4,
};

const defaultTiers: Record<RateLimitTier, number> = { 1: 1, 2: 20, 3: 50, 4: 100 };
const minuteMs = 60_000;

export function createRateLimiter(options: RateLimitOptions = {}, now: () => number = Date.now): RateLimiter {
  let settings = resolve(options, undefined);
  let windows = new Map<string, number[]>();
  let buckets = new Map<string, { tokens: number; at: number }>();
  let forced: ForcedRateLimit[] = [];

  function checkTier(method: string, at: number): RateLimitDecision {
    const tier = settings.methodTiers[method] ?? 3;
    const limit = settings.tiers[tier];
    const calls = (windows.get(method) ?? []).filter((t) => t > at - minuteMs);
    windows.set(method, calls);
    if (calls.length >= limit) {
      const oldest = calls[0] ?? at;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + minuteMs - at) / 1000)) };
    }
    calls.push(at);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  function checkChannel(channel: string, at: number): RateLimitDecision {
    const { perSecond, burst } = settings.postMessagePerChannel;
    const bucket = buckets.get(channel) ?? { tokens: burst, at };
    const tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
    if (tokens < 1) {
      buckets.set(channel, { tokens, at });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
    }
    buckets.set(channel, { tokens: tokens - 1, at });
    return { allowed: true, retryAfterSeconds: 0 };
  }

  return {
    check(method, channel) {
      const forcedIndex = forced.findIndex((f) => f.method === method && f.count > 0);
      const entry = forced[forcedIndex];
      if (entry !== undefined) {
        entry.count -= 1;
        if (entry.count === 0) forced.splice(forcedIndex, 1);
        return { allowed: false, retryAfterSeconds: entry.retryAfterSeconds };
      }
      if (!settings.enabled) return { allowed: true, retryAfterSeconds: 0 };
      const at = now();
      if (method === 'chat.postMessage') return checkChannel(channel ?? '', at);
      return checkTier(method, at);
    },
    force(entry) {
      forced.push({ ...entry });
    },
    configure(patch) {
      settings = resolve(patch, settings);
    },
    settings: () => ({ ...structuredClone(settings), forced: forced.map((f) => ({ ...f })) }),
    reset() {
      windows = new Map();
      buckets = new Map();
      forced = [];
    },
  };
}

function resolve(
  options: RateLimitOptions,
  base: Omit<ResolvedRateLimits, 'forced'> | undefined,
): Omit<ResolvedRateLimits, 'forced'> {
  return {
    enabled: options.enabled ?? base?.enabled ?? true,
    tiers: { ...(base?.tiers ?? defaultTiers), ...options.tiers },
    methodTiers: { ...(base?.methodTiers ?? defaultMethodTiers), ...options.methodTiers },
    postMessagePerChannel: {
      perSecond: options.postMessagePerChannel?.perSecond ?? base?.postMessagePerChannel.perSecond ?? 1,
      burst: options.postMessagePerChannel?.burst ?? base?.postMessagePerChannel.burst ?? 3,
    },
  };
}
