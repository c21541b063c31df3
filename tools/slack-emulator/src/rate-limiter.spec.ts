import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('createRateLimiter', () => {
  it('lets a Tier 2 method make 20 calls a minute and tells the 21st when to retry', () => {
    const time = clock();
    const limiter = createRateLimiter({}, time.now);
    for (let i = 0; i < 20; i += 1) {
      expect(limiter.check('usergroups.users.list').allowed).toBe(true);
      time.advance(1000);
    }
    expect(limiter.check('usergroups.users.list')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    time.advance(40_000);
    expect(limiter.check('usergroups.users.list').allowed).toBe(true);
  });

  it('counts each method separately', () => {
    const limiter = createRateLimiter({ tiers: { 3: 1 } }, clock().now);
    expect(limiter.check('chat.update').allowed).toBe(true);
    expect(limiter.check('reactions.add').allowed).toBe(true);
    expect(limiter.check('chat.update').allowed).toBe(false);
  });

  it('allows chat.postMessage a burst per channel, then about one a second', () => {
    const time = clock();
    const limiter = createRateLimiter({ postMessagePerChannel: { perSecond: 1, burst: 3 } }, time.now);
    expect([1, 2, 3].map(() => limiter.check('chat.postMessage', 'C1').allowed)).toEqual([true, true, true]);
    expect(limiter.check('chat.postMessage', 'C1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check('chat.postMessage', 'C2').allowed).toBe(true);
    time.advance(1000);
    expect(limiter.check('chat.postMessage', 'C1').allowed).toBe(true);
    expect(limiter.check('chat.postMessage', 'C1').allowed).toBe(false);
  });

  it('refuses the forced number of calls with the forced Retry-After, even when limits are off', () => {
    const limiter = createRateLimiter({ enabled: false }, clock().now);
    limiter.force({ method: 'chat.update', count: 2, retryAfterSeconds: 7 });
    expect(limiter.check('chat.update')).toEqual({ allowed: false, retryAfterSeconds: 7 });
    expect(limiter.check('chat.postMessage', 'C1').allowed).toBe(true);
    expect(limiter.check('chat.update')).toEqual({ allowed: false, retryAfterSeconds: 7 });
    expect(limiter.check('chat.update').allowed).toBe(true);
    expect(limiter.settings().forced).toEqual([]);
  });

  it('forgets counts and forced refusals on reset but keeps its settings', () => {
    const limiter = createRateLimiter({ tiers: { 4: 1 } }, clock().now);
    limiter.check('auth.test');
    limiter.force({ method: 'auth.test', count: 5, retryAfterSeconds: 1 });
    limiter.reset();
    expect(limiter.check('auth.test').allowed).toBe(true);
    expect(limiter.settings().tiers[4]).toBe(1);
  });
});
