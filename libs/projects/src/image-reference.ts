// The trainer image. Every run of a project must use the same trainer, so the reference must be
// pinned: a release tag or a digest, never a moving tag such as `latest`.

/** A release of the official image that is known to exist (8.4.x runs YOLO26 and YOLO11). */
export const EXAMPLE_TRAINER_IMAGE = 'ultralytics/ultralytics:8.4.21';

export interface ImageReference {
  /** Registry host, `docker.io` when the reference names none. */
  registry: string;
  /** Path inside the registry, with `library/` for Docker Hub official images. */
  repository: string;
  tag?: string;
  digest?: string;
}

const componentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const digestPattern = /^sha256:[a-f0-9]{64}$/;
const ultralyticsReleaseTag = /^\d+\.\d+\.\d+(?:-[a-z0-9]+)*$/;
// Ultralytics variants built on a slim Python base: they have no CUDA.
const cpuOnlyVariants = ['cpu', 'python', 'python-export', 'jupyter'];

/** Splits `host/path:tag@sha256:…` into its parts; undefined when it is not a valid reference. */
export function parseImageReference(reference: string): ImageReference | undefined {
  const [nameAndTag = '', digest, ...extra] = reference.split('@');
  if (extra.length > 0 || (digest !== undefined && !digestPattern.test(digest))) return undefined;
  const lastSlash = nameAndTag.lastIndexOf('/');
  const lastColon = nameAndTag.lastIndexOf(':');
  const hasTag = lastColon > lastSlash;
  const name = hasTag ? nameAndTag.slice(0, lastColon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(lastColon + 1) : undefined;
  if (tag !== undefined && !tagPattern.test(tag)) return undefined;
  const parts = name.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const path = hasRegistry ? parts.slice(1) : parts;
  if (hasRegistry && !/^[A-Za-z0-9.-]+(?::\d+)?$/.test(registry)) return undefined;
  if (path.length === 0 || !path.every((component) => componentPattern.test(component))) return undefined;
  const isDockerHub = registry === 'docker.io' || registry === 'index.docker.io';
  const repository = isDockerHub && path.length === 1 ? `library/${path[0]}` : path.join('/');
  return {
    registry: isDockerHub ? 'docker.io' : registry,
    repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

function isUltralyticsNamespace(image: ImageReference): boolean {
  return (image.registry === 'docker.io' || image.registry === 'ghcr.io') && image.repository.startsWith('ultralytics/');
}

/** What is wrong with `reference` as a trainer image, or undefined when it is pinned and plausible. */
export function checkTrainerImage(reference: string): string | undefined {
  const image = parseImageReference(reference);
  if (image === undefined) {
    return `"${reference}" is not an image reference such as ${EXAMPLE_TRAINER_IMAGE}`;
  }
  if (isUltralyticsNamespace(image) && image.repository !== 'ultralytics/ultralytics') {
    return `"${reference}" is not the Ultralytics trainer image; use ultralytics/ultralytics with a release tag, e.g. ${EXAMPLE_TRAINER_IMAGE}`;
  }
  if (image.tag === undefined && image.digest === undefined) {
    return `"${reference}" has no tag, so each run could get a different trainer; pin a release tag or digest, e.g. ${EXAMPLE_TRAINER_IMAGE}`;
  }
  if (image.digest === undefined && image.tag !== undefined && /^latest(-|$)/i.test(image.tag)) {
    return `"${reference}" uses the moving tag "${image.tag}", so each run could get a different trainer; pin a release tag or digest, e.g. ${EXAMPLE_TRAINER_IMAGE}`;
  }
  if (isUltralyticsNamespace(image) && image.digest === undefined && image.tag !== undefined && !ultralyticsReleaseTag.test(image.tag)) {
    return `"${image.tag}" is not an Ultralytics release tag; use a version such as 8.4.21 (GPU) or 8.4.21-cpu`;
  }
  return undefined;
}

/** True for the official Ultralytics variants without CUDA (`-cpu`, `-python`, …). */
export function isCpuOnlyUltralyticsImage(reference: string): boolean {
  const image = parseImageReference(reference);
  if (image === undefined || image.tag === undefined || !isUltralyticsNamespace(image)) return false;
  const variant = image.tag.replace(/^\d+\.\d+\.\d+-?/, '');
  return cpuOnlyVariants.includes(variant);
}
