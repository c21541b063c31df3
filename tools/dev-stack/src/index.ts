export { startDevStack, DEV_STACK_FILE, YOLO_KNOBS_FILE } from './dev-stack.ts';
export type { DevStack, DevStackAppName, DevStackInfo, RestartAppOptions, StartDevStackOptions } from './dev-stack.ts';
export { loadDevStackConfig, DevStackConfigError } from './dev-stack-config.ts';
export type { DevStackConfig } from './dev-stack-config.ts';
export { buildDevImageMap, datasetYaml, seedGitRepositories, writeGitRedirects } from './local-seeds.ts';
export type { SeededRepository } from './local-seeds.ts';
