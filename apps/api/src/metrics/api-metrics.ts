import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// One registry per app instance (never prom-client's global one), so several apps in one process
// (the tests, the dev stack) count separately and never clash on metric names.

export interface ApiMetrics {
  registry: Registry;
  requestDuration: Histogram<'route' | 'method' | 'status_code'>;
  runsCreated: Counter<'project' | 'trigger'>;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'trainops_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by route template, method and status code.',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const runsCreated = new Counter({
    name: 'trainops_runs_created_total',
    help: 'Runs created (idempotent replays not counted), by project and trigger.',
    labelNames: ['project', 'trigger'] as const,
    registers: [registry],
  });
  return { registry, requestDuration, runsCreated };
}
