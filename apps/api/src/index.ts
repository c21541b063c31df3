export { buildApp } from './app.ts';
export type { AppConfig, BuildAppOptions } from './app.ts';
export { ConfigError, loadApiConfig } from './config.ts';
export type { ApiClientCredentials, ApiConfig, AuthConfig, DatabaseConfig, HttpConfig, LogLevel } from './config.ts';
export { StartupError, startApi } from './start-api.ts';
export type { RunningApi, StartApiOptions } from './start-api.ts';
export type { ResolveUserGroupMembers } from './runs/requester-access.ts';
