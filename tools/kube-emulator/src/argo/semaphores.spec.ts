import { describe, expect, it } from 'vitest';
import { SemaphoreManager, buildLockWaitingMessage } from './semaphores.ts';

const lock = 'argo/ConfigMap/my-config/workflow';

describe('synchronization locks', () => {
  it('admits up to the limit, queues the rest by priority then age, and hands over on release', () => {
    const manager = new SemaphoreManager();
    const ask = (holderKey: string, priority = 0, creationMs = 0) => manager.tryAcquire({ lockName: lock, holderKey, limit: 1, priority, creationMs });
    expect(ask('argo/a', 0, 1)).toEqual({ acquired: true, available: 0, limit: 1 });
    expect(ask('argo/b', 0, 2)).toEqual({ acquired: false, available: 0, limit: 1 });
    expect(ask('argo/c', 5, 3).acquired).toBe(false);
    expect(buildLockWaitingMessage(lock, ask('argo/b', 0, 2))).toBe('Waiting for argo/ConfigMap/my-config/workflow lock. Lock status: 0/1');
    expect(manager.release('argo/a')).toBe(true);
    expect(ask('argo/b', 0, 2).acquired).toBe(false);
    expect(ask('argo/c', 5, 3).acquired).toBe(true);
    expect(manager.holders(lock)).toEqual(['argo/c']);
    expect(manager.waiting(lock)).toEqual(['argo/b']);
  });

  it('lets a holder ask again and keeps a forced holder', () => {
    const manager = new SemaphoreManager();
    manager.forceHold(lock, 'argo/adopted');
    expect(manager.tryAcquire({ lockName: lock, holderKey: 'argo/adopted', limit: 1, priority: 0, creationMs: 0 }).acquired).toBe(true);
    expect(manager.tryAcquire({ lockName: lock, holderKey: 'argo/new', limit: 1, priority: 0, creationMs: 0 }).acquired).toBe(false);
  });
});
