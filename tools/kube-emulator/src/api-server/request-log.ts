// A bounded log of recent requests, so tests can assert what a client actually sent (a resume
// from the right resourceVersion, a retry after a 429) without a proxy in between.

export interface RequestLogEntry {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  path: string;
  /** The query string without `?`, empty when there is none. */
  query: string;
  status: number;
  /** The Kubernetes verb (`list`, `watch`, …) for API requests; empty for others. */
  verb: string;
  /** `workflows`, `pods/log`, …; empty for non-resource requests. */
  resource: string;
  namespace: string;
  /** The authenticated user; empty when authentication failed or was not needed. */
  user: string;
}

export interface RequestLog {
  add(entry: RequestLogEntry): void;
  entries(): RequestLogEntry[];
  clear(): void;
}

export function createRequestLog(capacity: number): RequestLog {
  let log: RequestLogEntry[] = [];
  return {
    add(entry) {
      log.push(entry);
      if (log.length > capacity) log = log.slice(log.length - capacity);
    },
    entries: () => log.map((entry) => ({ ...entry })),
    clear() {
      log = [];
    },
  };
}
