// Public surface of the Argo Workflows controller stand-in.
export { startArgoController, checkArgoControllerOptions } from './argo-controller.ts';
export type { ArgoController, ArgoControllerOptions } from './argo-controller.ts';
export type { ArtifactRepositoryOptions, S3RepositoryOptions } from './artifact-repository.ts';
export { ArgoControllerOptionsError } from './errors.ts';
export { loadImageMap, parseImageMap, findImageEntry } from './image-map.ts';
export type { ImageMapEntry } from './image-map.ts';
export { parseArgoCliOptions, defaultImageMapPath } from './cli-config.ts';
export { buildNodeId, buildPodName } from './node-names.ts';
export { buildPodRoot, buildWorkflowFolder } from './pod-folders.ts';
