import { describe, expect, it } from 'vitest';
import { createFaultInjector, parseFaultConfig } from './fault-injector.ts';

const workflows = { group: 'argoproj.io', plural: 'workflows', subresource: '' };

describe('fault injector', () => {
  it('fails exactly the next N matching requests, then lets them through', () => {
    const faults = createFaultInjector({ bursts: [{ status: 503, count: 2, verb: 'list', resource: 'workflows' }] });
    expect(faults.takeBurstFailure('get', workflows)).toBeUndefined();
    expect(faults.takeBurstFailure('list', { ...workflows, plural: 'pods', group: '' })).toBeUndefined();
    expect(faults.takeBurstFailure('list', workflows)?.status).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect(faults.current().bursts).toEqual([{ status: 503, count: 1, verb: 'list', resource: 'workflows' }]);
    expect(faults.takeBurstFailure('list', workflows)?.status.code).toBe(503);
    expect(faults.takeBurstFailure('list', workflows)).toBeUndefined();
    expect(faults.current().bursts).toEqual([]);
  });

  it('answers 429 with Retry-After in the header and the Status details', () => {
    const failure = createFaultInjector({ bursts: [{ status: 429, count: 1, retryAfterSeconds: 3 }] }).takeBurstFailure('create', workflows);
    expect(failure?.headers).toEqual({ 'Retry-After': '3' });
    expect(failure?.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 3 },
      code: 429,
    });
  });

  it('replaces only the keys it is given and clears back to no faults', () => {
    const faults = createFaultInjector({ latencyMs: 5 });
    faults.set({ watchEventLimit: 2 });
    expect(faults.current()).toEqual({ latencyMs: 5, watchEventLimit: 2, historyWindow: null, bursts: [] });
    faults.clear();
    expect(faults.current()).toEqual({ latencyMs: 0, watchEventLimit: null, historyWindow: null, bursts: [] });
  });

  it('refuses bad fault settings with a message naming the field', () => {
    expect(() => parseFaultConfig({ bursts: [{ status: 404, count: 1 }] }, 'faults')).toThrow('faults.bursts[0].status must be one of 429, 500, 503');
    expect(() => parseFaultConfig({ bursts: [{ status: 500, count: 0 }] }, 'faults')).toThrow('faults.bursts[0].count must be a whole number of at least 1');
    expect(() => parseFaultConfig({ latency: 5 }, 'faults')).toThrow('faults has unknown keys: latency');
    expect(() => parseFaultConfig({ watchEventLimit: 0 }, 'faults')).toThrow('faults.watchEventLimit must be a whole number of at least 1, or null');
    expect(parseFaultConfig({ historyWindow: null }, 'faults')).toEqual({ historyWindow: null });
  });
});
