import type { S3Client } from '@aws-sdk/client-s3';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConflictError, InputError, isUserFacingError, PayloadTooLargeError } from '@trainops/contracts';
import { ArgsYamlParseError, ArtifactNotFoundError, ResultsParseError } from './artifact-errors.ts';
import type { RunOutputKind } from './artifact-keys.ts';
import { assertArtifactKey, buildModelKeys, buildRunKeys, classifyRunOutput, runFileNames, toS3Uri } from './artifact-keys.ts';
import type { RunArgs } from './parse-args-yaml.ts';
import { parseArgsYaml } from './parse-args-yaml.ts';
import type { ResultsTable } from './parse-results-csv.ts';
import { parseResultsCsv } from './parse-results-csv.ts';
import { isMissingObject, isPreconditionFailed, toUpstreamError } from './s3-errors.ts';

// The artifacts bucket through the real AWS SDK: what a run left behind, its results, links a
// person can open from Slack, the chart we upload, and the copies a promotion makes. The same
// code talks to S3 in production and to the S3 stand-in locally; only the S3Client differs.

/** S3's limit for a presigned link signed with long-term credentials. */
export const MAX_PRESIGN_EXPIRY_SECONDS = 7 * 24 * 3600;
const DEFAULT_MAX_TEXT_BYTES = 16 * 1024 * 1024;
// Stored on every promotion copy, so a repeated promotion can tell its own copies from others.
const SOURCE_KEY_METADATA = 'trainops-source-key';
const SOURCE_ETAG_METADATA = 'trainops-source-etag';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface ArtifactStoreOptions {
  s3: S3Client;
  bucket: string;
  /** Lifetime of presigned links when the caller gives none; 1 to 604800 seconds. */
  presignExpirySeconds: number;
  /** Texts larger than this are refused by `readText`; default 16 MiB. */
  maxTextBytes?: number;
  /** The signing clock for presigned links; tests move it. Default: the system clock. */
  now?: () => Date;
  /** Keys per listing request (S3's MaxKeys, at most 1000, its default). */
  listPageSize?: number;
}

export interface RunOutput {
  key: string;
  /** Relative to the run prefix: `results.csv`, `weights/best.pt`, `exports/onnx/best.onnx`. */
  path: string;
  kind: RunOutputKind;
  size: number;
  lastModified: Date | null;
  etag: string | null;
}

export type ReadResultsOutcome =
  | {
      table: ResultsTable;
      /** Null when args.yaml is missing or unreadable; `argsUnavailable` says why. */
      args: RunArgs | null;
      argsUnavailable?: string;
    }
  | { unavailable: string };

export interface UploadChartOptions {
  project: string;
  runId: string;
  /** PNG bytes, e.g. from `renderTrainingChart`. */
  png: Uint8Array;
}

export interface CopyForPromotionOptions {
  project: string;
  runId: string;
  /** The model version being created, from 1 up. */
  version: number;
}

export interface PromotedFile {
  path: string;
  source: string;
  target: string;
  /** `s3://bucket/target`, for the registry's artifactUris. */
  uri: string;
  /** `already-present`: an earlier attempt of this same promotion copied it. */
  status: 'copied' | 'already-present';
}

export interface PromotionCopy {
  prefix: string;
  files: PromotedFile[];
}

export interface ArtifactStore {
  readonly bucket: string;
  listRunOutputs(project: string, runId: string): Promise<RunOutput[]>;
  readText(key: string): Promise<string>;
  readResults(project: string, runId: string): Promise<ReadResultsOutcome>;
  presignedGetUrl(key: string, expirySeconds?: number): Promise<string>;
  uploadChart(options: UploadChartOptions): Promise<{ key: string; uri: string }>;
  copyForPromotion(options: CopyForPromotionOptions): Promise<PromotionCopy>;
}

function checkExpiry(seconds: number, what: string): number {
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_EXPIRY_SECONDS) {
    throw new InputError(`${what} must be a whole number of seconds from 1 to ${MAX_PRESIGN_EXPIRY_SECONDS} (7 days), got ${String(seconds)}`);
  }
  return seconds;
}

/** The files a promoted version keeps: the best weights and what they were exported to, and the record of how they were made. */
function isPromoted(path: string): boolean {
  const kind = classifyRunOutput(path);
  if (kind === 'results' || kind === 'args' || kind === 'results-plot' || kind === 'training-chart' || kind === 'export') return true;
  // best.pt and Ultralytics' exports of it (best.onnx, best_openvino_model/…); not last.pt or epochN.pt.
  return kind === 'weights' && /^weights\/best[._]/.test(path);
}

function encodeCopySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

export function createArtifactStore(options: ArtifactStoreOptions): ArtifactStore {
  const { s3, bucket } = options;
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new InputError(`artifacts bucket ${JSON.stringify(bucket)} is not an S3 bucket name (3-63 lowercase letters, digits, "." or "-")`);
  }
  const defaultExpiry = checkExpiry(options.presignExpirySeconds, 'presignExpirySeconds');
  const maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const now = options.now ?? (() => new Date());
  const listPageSize = options.listPageSize ?? 1000;
  if (!Number.isSafeInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000) {
    throw new InputError(`listPageSize must be a whole number from 1 to 1000, got ${String(listPageSize)}`);
  }

  async function send<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUserFacingError(error)) throw error;
      throw toUpstreamError(error, action, bucket);
    }
  }

  async function listRunOutputs(project: string, runId: string): Promise<RunOutput[]> {
    const keys = buildRunKeys(project, runId);
    const outputs: RunOutput[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await send(`list the outputs of run ${runId} of ${project}`, () =>
        s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: keys.prefix, ContinuationToken: continuationToken, MaxKeys: listPageSize })),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        const path = object.Key.slice(keys.prefix.length);
        // Folder markers some tools create are not outputs.
        if (path === '' || path.endsWith('/')) continue;
        outputs.push({
          key: object.Key,
          path,
          kind: classifyRunOutput(path),
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? null,
          etag: object.ETag ?? null,
        });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    return outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async function readText(key: string): Promise<string> {
    assertArtifactKey(key);
    const action = `read ${key}`;
    let response;
    try {
      response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isMissingObject(error)) throw new ArtifactNotFoundError(bucket, key, { cause: error });
      throw toUpstreamError(error, action, bucket);
    }
    const body = response.Body;
    if ((response.ContentLength ?? 0) > maxTextBytes) {
      (body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new PayloadTooLargeError(`${key} is ${response.ContentLength} bytes; text artifacts are read up to ${maxTextBytes} bytes`, {
        details: { key, size: response.ContentLength, limit: maxTextBytes },
      });
    }
    if (body === undefined) return '';
    // A connection cut mid-body fails here, not in send().
    return send(action, () => body.transformToString('utf-8'));
  }

  async function readResults(project: string, runId: string): Promise<ReadResultsOutcome> {
    const keys = buildRunKeys(project, runId);
    let table: ResultsTable;
    try {
      table = parseResultsCsv(await readText(keys.resultsCsv));
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) return { unavailable: `${runFileNames.resultsCsv} was not written (no ${keys.resultsCsv} in ${bucket})` };
      if (error instanceof ResultsParseError || error instanceof PayloadTooLargeError) return { unavailable: error.message };
      throw error;
    }
    try {
      return { table, args: parseArgsYaml(await readText(keys.argsYaml)) };
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) return { table, args: null, argsUnavailable: `${runFileNames.argsYaml} was not written` };
      if (error instanceof ArgsYamlParseError || error instanceof PayloadTooLargeError) return { table, args: null, argsUnavailable: error.message };
      throw error;
    }
  }

  async function presignedGetUrl(key: string, expirySeconds?: number): Promise<string> {
    assertArtifactKey(key);
    const expiresIn = expirySeconds === undefined ? defaultExpiry : checkExpiry(expirySeconds, 'link expiry');
    return send(`create a download link for ${key}`, () =>
      getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn, signingDate: now() }),
    );
  }

  async function uploadChart({ project, runId, png }: UploadChartOptions): Promise<{ key: string; uri: string }> {
    const key = buildRunKeys(project, runId).trainingChart;
    if (!(png instanceof Uint8Array) || png.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((byte, index) => png[index] !== byte)) {
      throw new InputError('the training chart must be PNG bytes (they do not start with the PNG signature)');
    }
    await send(`upload the training chart to ${key}`, () =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: png, ContentType: 'image/png' })),
    );
    return { key, uri: toS3Uri(bucket, key) };
  }

  async function headObject(key: string) {
    try {
      return await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw toUpstreamError(error, `check ${key}`, bucket);
    }
  }

  async function copyForPromotion({ project, runId, version }: CopyForPromotionOptions): Promise<PromotionCopy> {
    const run = buildRunKeys(project, runId);
    const model = buildModelKeys(project, version);
    const outputs = (await listRunOutputs(project, runId)).filter((output) => isPromoted(output.path));
    if (!outputs.some((output) => output.path === runFileNames.bestWeights)) {
      throw new ArtifactNotFoundError(bucket, run.bestWeights, {
        message: `Cannot promote run ${runId} of ${project}: ${run.bestWeights} was not found in bucket ${bucket}; nothing was copied.`,
      });
    }

    // Every target is checked before anything is written, so a clash changes nothing.
    const plan: Array<{ output: RunOutput; target: string; sourceEtag: string; contentType?: string; metadata: Record<string, string>; present: boolean }> = [];
    for (const output of outputs) {
      const target = model.file(output.path);
      const source = await headObject(output.key);
      if (source === undefined) {
        throw new ArtifactNotFoundError(bucket, output.key, {
          message: `Cannot promote run ${runId} of ${project}: ${output.key} disappeared while copying; nothing was copied.`,
        });
      }
      const sourceEtag = source.ETag ?? '';
      const existing = await headObject(target);
      const present = existing?.Metadata?.[SOURCE_KEY_METADATA] === output.key && existing.Metadata[SOURCE_ETAG_METADATA] === sourceEtag;
      if (existing !== undefined && !present) {
        throw new ConflictError(
          `Cannot promote run ${runId} of ${project} as version ${version}: ${target} already holds other content (not a copy of ${output.key}); nothing was overwritten.`,
          { details: { target, source: output.key } },
        );
      }
      plan.push({ output, target, sourceEtag, ...(source.ContentType ? { contentType: source.ContentType } : {}), metadata: source.Metadata ?? {}, present });
    }

    const files: PromotedFile[] = [];
    for (const step of plan) {
      if (!step.present) {
        await send(`copy ${step.output.key} to ${step.target}`, async () => {
          try {
            return await s3.send(
              new CopyObjectCommand({
                Bucket: bucket,
                Key: step.target,
                CopySource: encodeCopySource(bucket, step.output.key),
                // Only the bytes that were checked above are copied.
                CopySourceIfMatch: step.sourceEtag || undefined,
                MetadataDirective: 'REPLACE',
                ContentType: step.contentType,
                Metadata: { ...step.metadata, [SOURCE_KEY_METADATA]: step.output.key, [SOURCE_ETAG_METADATA]: step.sourceEtag },
              }),
            );
          } catch (error) {
            if (isPreconditionFailed(error)) {
              throw new ConflictError(`Cannot promote run ${runId} of ${project}: ${step.output.key} changed while it was being copied; try again.`, {
                cause: error,
                details: { source: step.output.key },
              });
            }
            throw error;
          }
        });
      }
      files.push({
        path: step.output.path,
        source: step.output.key,
        target: step.target,
        uri: toS3Uri(bucket, step.target),
        status: step.present ? 'already-present' : 'copied',
      });
    }
    return { prefix: model.prefix, files };
  }

  return { bucket, listRunOutputs, readText, readResults, presignedGetUrl, uploadChart, copyForPromotion };
}
