import type { Run } from '@trainops/contracts';
import type { ApiMetrics } from '../metrics/api-metrics.ts';
import type { RunService } from './run-service.ts';

/** What the run routes (create, read, list, cancel, retry) are registered with. */
export interface RunRoutesOptions {
  runService: RunService;
  metrics: ApiMetrics;
  /** Base of the Location header: the address clients reach the api at; unset → the request's. */
  publicUrl: string | undefined;
  /** Told about each new run (a create or a retry, not replays) once it is stored: the pipeline submits it. */
  onRunCreated?: ((run: Run) => void) | undefined;
  /** Told when a queued run is cancelled outright (no workflow will report it): its card ends. */
  onRunCancelled?: ((run: Run) => void) | undefined;
}
