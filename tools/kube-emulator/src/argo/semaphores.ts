// Workflow-level synchronization (spec.synchronization.semaphores / mutexes), after Argo's sync
// manager: a lock has a limit (a ConfigMap key for a semaphore, 1 for a mutex), holders, and a
// queue served by priority, then age.

export interface LockRequest {
  lockName: string;
  holderKey: string;
  limit: number;
  priority: number;
  creationMs: number;
}

export interface LockState {
  acquired: boolean;
  /** Free slots (limit - holders), never below 0. */
  available: number;
  limit: number;
}

interface Lock {
  holders: Set<string>;
  waiting: Map<string, { priority: number; creationMs: number }>;
}

export function buildLockWaitingMessage(lockName: string, state: LockState): string {
  return `Waiting for ${lockName} lock. Lock status: ${state.available}/${state.limit}`;
}

export class SemaphoreManager {
  private readonly locks = new Map<string, Lock>();

  private lock(name: string): Lock {
    let lock = this.locks.get(name);
    if (!lock) {
      lock = { holders: new Set(), waiting: new Map() };
      this.locks.set(name, lock);
    }
    return lock;
  }

  tryAcquire(request: LockRequest): LockState {
    const lock = this.lock(request.lockName);
    const free = (): number => Math.max(0, request.limit - lock.holders.size);
    if (lock.holders.has(request.holderKey)) return { acquired: true, available: free(), limit: request.limit };
    lock.waiting.set(request.holderKey, { priority: request.priority, creationMs: request.creationMs });
    const queue = [...lock.waiting.entries()].sort(([, a], [, b]) => b.priority - a.priority || a.creationMs - b.creationMs).map(([key]) => key);
    const position = queue.indexOf(request.holderKey);
    if (position < free()) {
      lock.waiting.delete(request.holderKey);
      lock.holders.add(request.holderKey);
      return { acquired: true, available: free(), limit: request.limit };
    }
    return { acquired: false, available: free(), limit: request.limit };
  }

  /** Records a holder without asking (a running workflow adopted after a restart). */
  forceHold(lockName: string, holderKey: string): void {
    const lock = this.lock(lockName);
    lock.waiting.delete(holderKey);
    lock.holders.add(holderKey);
  }

  /** Drops the holder from every lock and queue; true when a slot was freed. */
  release(holderKey: string, lockNames?: readonly string[]): boolean {
    let freed = false;
    for (const [name, lock] of this.locks) {
      if (lockNames && !lockNames.includes(name)) continue;
      if (lock.holders.delete(holderKey)) freed = true;
      lock.waiting.delete(holderKey);
    }
    return freed;
  }

  holders(lockName: string): string[] {
    return [...(this.locks.get(lockName)?.holders ?? [])];
  }

  waiting(lockName: string): string[] {
    return [...(this.locks.get(lockName)?.waiting.keys() ?? [])];
  }
}
