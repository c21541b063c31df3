import { InputError } from '@trainops/contracts';
import type { RunTrigger } from '@trainops/contracts';
import type { ArtifactRepositoryRef, S3Artifact, SecretKeySelector } from './argo-types.ts';

// Options shared by the train and export builders, and the checks that turn a wrong option into
// one clear sentence before anything reaches the cluster.

/** Who asked for the run and how; the run id comes from the database row. */
export interface RunIdentity {
  id: string;
  requester: string;
  trigger: RunTrigger;
}

/** How pods reach an S3 endpoint. Credentials are Kubernetes Secrets, by reference only. */
export interface S3ConnectionOptions {
  /** `host:port` as Argo writes it (`s3.amazonaws.com`, `minio.trainops:9000`). */
  endpoint: string;
  region?: string;
  /** Plain HTTP instead of TLS (a local MinIO). */
  insecure?: boolean;
  /** Both or neither; neither means the pod's own identity (IRSA, workload identity). */
  accessKeySecret?: SecretKeySelector;
  secretKeySecret?: SecretKeySelector;
}

/**
 * Where a run's outputs go. Either a whole S3 location (bucket, endpoint, credentials), or a
 * reference to a repository in the `artifact-repositories` ConfigMap (deploy/argo/) whose bucket
 * Argo fills in. Argo replaces everything but the key of an artifact that does not name its
 * endpoint, so a bucket alone would silently land in the repository's bucket: it is not offered.
 */
export type ArtifactRepositoryOptions =
  | ({ bucket: string; keyPrefix?: string } & S3ConnectionOptions)
  | { artifactRepositoryRef: ArtifactRepositoryRef; keyPrefix?: string };

export interface WorkflowImages {
  /** A small image with git and a POSIX shell, pinned: checkout and publish run in it. */
  git: string;
}

export const defaultWorkflowImages: WorkflowImages = { git: 'alpine/git:2.47.2' };

/** `runs/<project>/<run-id>`: where libs/artifacts looks for a run's files. */
export function buildRunKeyPrefix(projectName: string, runId: string): string {
  return `runs/${projectName}/${runId}`;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Collects option problems so one error names all of them. */
export class OptionProblems {
  readonly #problems: string[] = [];

  add(problem: string): void {
    this.#problems.push(problem);
  }

  checkDnsLabel(what: string, value: unknown): void {
    if (typeof value !== 'string' || !dnsLabel.test(value)) {
      this.add(`${what} must be a Kubernetes name (lowercase letters, digits and "-", at most 63), got ${JSON.stringify(value)}`);
    }
  }

  checkDnsSubdomain(what: string, value: unknown): void {
    if (typeof value !== 'string' || !dnsSubdomain.test(value)) {
      this.add(`${what} must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253), got ${JSON.stringify(value)}`);
    }
  }

  checkText(what: string, value: unknown, pattern: RegExp, rule: string): void {
    if (typeof value !== 'string' || !pattern.test(value)) this.add(`${what} must be ${rule}, got ${JSON.stringify(value)}`);
  }

  throwIfAny(subject: string): void {
    if (this.#problems.length === 0) return;
    throw new InputError(`cannot build ${subject}: ${this.#problems.join('; ')}`, { details: { problems: [...this.#problems] } });
  }
}

// Container images as Docker reads them, with a tag or digest (never floating `latest`).
const pinnedImage = /^[a-z0-9][a-z0-9._/:-]*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|@sha256:[a-f0-9]{64})$/;

export function checkImages(problems: OptionProblems, images: WorkflowImages): void {
  const git = images.git;
  if (typeof git !== 'string' || !pinnedImage.test(git) || /:latest$/.test(git)) {
    problems.add(`images.git must be a pinned image reference such as ${defaultWorkflowImages.git}, got ${JSON.stringify(git)}`);
  }
}

export function checkRun(problems: OptionProblems, run: RunIdentity | undefined, what = 'run'): void {
  if (run === undefined || typeof run !== 'object') {
    problems.add(`${what} must give id, requester and trigger`);
    return;
  }
  problems.checkText(`${what}.id`, run.id, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'a run id (letters, digits, "-", "_", ".", at most 63)');
  problems.checkText(`${what}.requester`, run.requester, /^\S[^\u0000-\u001f]{0,199}$/u, 'who asked for the run (1-200 characters, no control characters)');
  problems.checkText(`${what}.trigger`, run.trigger, /^[a-z]{1,20}$/, 'the run trigger');
}

function checkSecretSelector(problems: OptionProblems, what: string, selector: SecretKeySelector | undefined): void {
  if (selector === undefined) return;
  problems.checkDnsSubdomain(`${what}.name`, selector.name);
  problems.checkText(`${what}.key`, selector.key, /^[-._A-Za-z0-9]{1,253}$/, 'a Secret key');
}

export function checkS3Connection(problems: OptionProblems, what: string, connection: S3ConnectionOptions): void {
  // Argo wants host[:port]; a scheme here is the most common mistake.
  problems.checkText(`${what}.endpoint`, connection.endpoint, /^[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'host or host:port without a scheme (Argo takes http from insecure: true)');
  if ((connection.accessKeySecret === undefined) !== (connection.secretKeySecret === undefined)) {
    problems.add(`${what} needs both accessKeySecret and secretKeySecret, or neither (to use the pod's own cloud identity)`);
  }
  checkSecretSelector(problems, `${what}.accessKeySecret`, connection.accessKeySecret);
  checkSecretSelector(problems, `${what}.secretKeySecret`, connection.secretKeySecret);
}

const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function checkArtifactRepository(problems: OptionProblems, repository: ArtifactRepositoryOptions | undefined): void {
  if (repository === undefined || typeof repository !== 'object') {
    problems.add('artifactRepository must give either a bucket with its endpoint, or an artifactRepositoryRef');
    return;
  }
  if ('artifactRepositoryRef' in repository) {
    problems.checkDnsSubdomain('artifactRepository.artifactRepositoryRef.configMap', repository.artifactRepositoryRef?.configMap);
    problems.checkText('artifactRepository.artifactRepositoryRef.key', repository.artifactRepositoryRef?.key, /^[-._A-Za-z0-9]{1,253}$/, 'a ConfigMap key');
  } else {
    problems.checkText('artifactRepository.bucket', repository.bucket, bucketName, 'an S3 bucket name (3-63 lowercase letters, digits, "." and "-")');
    checkS3Connection(problems, 'artifactRepository', repository);
  }
  if (repository.keyPrefix !== undefined) {
    const prefix = repository.keyPrefix;
    const valid = typeof prefix === 'string' && /^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix) && !prefix.split('/').some((part) => part === '..' || part === '.');
    if (!valid) problems.add(`artifactRepository.keyPrefix must be a key prefix such as runs/pcb-defect/<run-id> (no leading or trailing "/", no "..")`);
  }
}

/** The S3 fields of an artifact stored at `key`: a whole location, or key-only for a repository ref. */
export function buildOutputLocation(repository: ArtifactRepositoryOptions, key: string): S3Artifact {
  if ('artifactRepositoryRef' in repository) return { key };
  return { ...buildS3Connection(repository), bucket: repository.bucket, key };
}

export function buildS3Connection(connection: S3ConnectionOptions): S3Artifact {
  return {
    endpoint: connection.endpoint,
    ...(connection.region === undefined ? {} : { region: connection.region }),
    ...(connection.insecure === undefined ? {} : { insecure: connection.insecure }),
    ...(connection.accessKeySecret === undefined || connection.secretKeySecret === undefined
      ? { useSDKCreds: true }
      : { accessKeySecret: { ...connection.accessKeySecret }, secretKeySecret: { ...connection.secretKeySecret } }),
  };
}
