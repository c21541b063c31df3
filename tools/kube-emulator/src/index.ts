export { startKubeEmulator } from './kube-emulator.ts';
export type { KubeEmulator, KubeEmulatorOptions } from './kube-emulator.ts';
export * from './api-server/index.ts';
export * from './argo/index.ts';
