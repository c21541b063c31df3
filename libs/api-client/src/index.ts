export { createApiClient } from './api-client.ts';
export type { ApiClient, ApiClientOptions, CreateRunOptions, CreateRunResult } from './api-client.ts';
