// What every request handler shares: the store, the faults and the server's own settings.
import type { ObjectStore } from './object-store.ts';
import type { FaultInjector } from './fault-injector.ts';

export interface ServerState {
  store: ObjectStore;
  faults: FaultInjector;
  stateDir: string;
  bookmarkIntervalMs: number;
  /** How often a followed pod log looks for new lines. */
  logPollIntervalMs: number;
  /** Resolves when the server starts closing: streams end with it. */
  closing: Promise<void>;
  /** Keeps a background stream (a followed log) so close() can wait for it. */
  track(work: Promise<unknown>): void;
  now(): Date;
}
