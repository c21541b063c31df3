import type { DestinationStream } from 'pino';

// A pino destination that keeps every line, so a test can wait for the line that closes a
// command ("command handled") instead of sleeping and hoping the work is done.

export type LogEntry = Record<string, unknown> & { msg?: string };

export interface LogCollector {
  destination: DestinationStream;
  entries: LogEntry[];
  waitFor(predicate: (entry: LogEntry) => boolean): Promise<LogEntry>;
}

export function createLogCollector(): LogCollector {
  const entries: LogEntry[] = [];
  const waiters: { predicate: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }[] = [];
  return {
    entries,
    destination: {
      write(line: string) {
        const entry = JSON.parse(line) as LogEntry;
        entries.push(entry);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(entry)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(entry);
          }
        }
      },
    },
    waitFor(predicate) {
      const found = entries.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}
