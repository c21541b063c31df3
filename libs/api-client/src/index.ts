export { createApiClient } from './api-client.ts';
export type {
  ApiClient,
  ApiClientOptions,
  CancelRunOptions,
  CancelRunResult,
  CreateRunOptions,
  CreateRunResult,
  RetryRunOptions,
} from './api-client.ts';
