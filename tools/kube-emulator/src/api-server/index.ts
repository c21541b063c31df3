// The Kubernetes API server stand-in: public surface.
export { startKubeApiServer, adminUser } from './kube-api-server.ts';
export type { KubeApiServer, KubeApiServerOptions } from './kube-api-server.ts';
export { podLogPath } from './pod-logs.ts';
export { buildDefaultFaults, burstStatuses } from './fault-injector.ts';
export type { FaultBurst, FaultConfig, BurstStatus } from './fault-injector.ts';
export type { TokenPolicy } from './token-auth.ts';
export type { RequestLogEntry } from './request-log.ts';
export { resourceDefinitions } from './resource-definitions.ts';
export type { ResourceDefinition } from './resource-definitions.ts';
