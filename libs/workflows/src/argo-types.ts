// The parts of Argo's `argoproj.io/v1alpha1` objects that this library writes and reads. Written
// here rather than taken from a models package so production code depends only on the wire shape;
// the tests check every built manifest against Argo's own schemas.

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
}

export interface SecretKeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: SecretKeySelector; fieldRef?: { fieldPath: string } };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

export interface Container {
  name?: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
}

export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  secret?: { secretName: string; defaultMode?: number; optional?: boolean };
}

export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface S3Artifact {
  key?: string;
  bucket?: string;
  endpoint?: string;
  region?: string;
  insecure?: boolean;
  useSDKCreds?: boolean;
  accessKeySecret?: SecretKeySelector;
  secretKeySecret?: SecretKeySelector;
}

export interface Artifact {
  name: string;
  path?: string;
  optional?: boolean;
  archive?: { none?: Record<string, never>; tar?: { compressionLevel?: number } };
  s3?: S3Artifact;
}

export interface Parameter {
  name: string;
  value?: string;
  description?: string;
}

export interface RetryStrategy {
  limit?: number | string;
  retryPolicy?: 'Always' | 'OnFailure' | 'OnError' | 'OnTransientError';
  backoff?: { duration?: string; factor?: number | string; maxDuration?: string; cap?: string };
}

export interface SemaphoreRef {
  configMapKeyRef?: { name: string; key: string; optional?: boolean };
}

export interface Synchronization {
  semaphores?: SemaphoreRef[];
}

export interface DagTask {
  name: string;
  template: string;
  depends?: string;
  when?: string;
}

export interface Template {
  name: string;
  dag?: { tasks: DagTask[] };
  container?: Container;
  inputs?: { parameters?: Parameter[]; artifacts?: Artifact[] };
  outputs?: { artifacts?: Artifact[] };
  volumes?: Volume[];
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  retryStrategy?: RetryStrategy;
  synchronization?: Synchronization;
  podSpecPatch?: string;
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  activeDeadlineSeconds?: number | string;
}

export interface PersistentVolumeClaimTemplate {
  apiVersion: 'v1';
  kind: 'PersistentVolumeClaim';
  metadata: { name: string };
  spec: {
    accessModes: string[];
    resources: { requests: { storage: string } };
    storageClassName?: string;
  };
}

export interface ArtifactRepositoryRef {
  configMap: string;
  key: string;
}

export interface WorkflowSpec {
  entrypoint?: string;
  arguments?: { parameters?: Parameter[] };
  templates?: Template[];
  workflowTemplateRef?: { name: string };
  serviceAccountName?: string;
  activeDeadlineSeconds?: number;
  ttlStrategy?: { secondsAfterCompletion?: number; secondsAfterSuccess?: number; secondsAfterFailure?: number };
  podGC?: { strategy: string; deleteDelayDuration?: string };
  volumeClaimTemplates?: PersistentVolumeClaimTemplate[];
  volumeClaimGC?: { strategy: string };
  volumes?: Volume[];
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  synchronization?: Synchronization;
  artifactRepositoryRef?: ArtifactRepositoryRef;
  podMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  workflowMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  shutdown?: 'Stop' | 'Terminate';
}

export interface NodeStatus {
  id: string;
  name?: string;
  displayName?: string;
  type?: string;
  templateName?: string;
  phase?: string;
  message?: string;
  progress?: string;
  startedAt?: string;
  finishedAt?: string;
  boundaryID?: string;
  children?: string[];
  podName?: string;
  outputs?: { artifacts?: Artifact[]; exitCode?: string };
}

export interface WorkflowStatus {
  phase?: string;
  message?: string;
  progress?: string;
  startedAt?: string;
  finishedAt?: string;
  nodes?: Record<string, NodeStatus>;
  /** Base64 of gzipped JSON nodes, when the controller compresses a large status. */
  compressedNodes?: string;
  /** Set when the controller keeps the nodes in its database instead of the object. */
  offloadNodeStatusVersion?: string;
}

export interface Workflow {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Workflow';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

export interface WorkflowTemplate {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'WorkflowTemplate';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
}

export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data: Record<string, string>;
}
