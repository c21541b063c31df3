import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { ConflictError, InputError, NotFoundError, PayloadTooLargeError, UpstreamError } from '@trainops/contracts';
import { startS3Emulator } from '@trainops/s3-emulator';
import type { S3Emulator } from '@trainops/s3-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactNotFoundError, InvalidArtifactKeyError } from './artifact-errors.ts';
import { renderTrainingChart } from './chart/training-chart.ts';
import { parseResultsCsv } from './parse-results-csv.ts';
import type { ArtifactStore } from './s3-artifact-store.ts';
import { createArtifactStore } from './s3-artifact-store.ts';
import { currentResultsHeaders, resultsRow } from './testing/current-headers.ts';

// The adapter against the S3 stand-in over loopback, through the real AWS SDK: the same wire
// format, signatures and error answers it meets in production.

const BUCKET = 'trainops-artifacts';
const PROJECT = 'pcb-defect';

let emulator: S3Emulator;
let s3: S3Client;
let store: ArtifactStore;

function client(overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: emulator.endpoint,
    forcePathStyle: true,
    region: emulator.region,
    credentials: { accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey },
    ...overrides,
  });
}

async function put(key: string, body: string | Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: contentType }));
}

async function text(key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await response.Body?.transformToString()) ?? '';
}

async function keysUnder(prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? '').sort();
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

const header = currentResultsHeaders.detect;
const resultsCsv = [header, ...[1, 2, 3].map((epoch) => resultsRow(header.split(',').map((_, index) => (index === 0 ? epoch : index === 1 ? epoch * 30 : 0.1 * epoch + index / 1000))))].join('\n');

/** A finished run folder as the workflow uploads it. */
async function seedRun(runId: string): Promise<void> {
  const prefix = `runs/${PROJECT}/${runId}/`;
  await put(`${prefix}results.csv`, `${resultsCsv}\n`, 'text/csv');
  await put(`${prefix}args.yaml`, 'task: detect\nmodel: yolo26n.pt\nepochs: 3\n', 'application/yaml');
  await put(`${prefix}results.png`, renderTrainingChart(parseResultsCsv(resultsCsv), { width: 320, height: 320 }), 'image/png');
  await put(`${prefix}weights/best.pt`, 'best weights');
  await put(`${prefix}weights/last.pt`, 'last weights');
  await put(`${prefix}weights/best.onnx`, 'onnx bytes');
  await put(`${prefix}exports/openvino/best_openvino_model/best.xml`, '<xml/>', 'application/xml');
  await put(`${prefix}confusion_matrix.png`, 'png');
}

beforeAll(async () => {
  emulator = await startS3Emulator({ port: 0, buckets: [BUCKET] });
  s3 = client();
  store = createArtifactStore({ s3, bucket: BUCKET, presignExpirySeconds: 900 });
  await seedRun('run-1');
});

afterEach(() => {
  emulator.clearFaults();
});

afterAll(async () => {
  s3?.destroy();
  await emulator?.close();
});

describe('listRunOutputs', () => {
  it('lists every file of the run with its path, kind and size, across pages', async () => {
    const paged = createArtifactStore({ s3, bucket: BUCKET, presignExpirySeconds: 900, listPageSize: 3 });
    const outputs = await paged.listRunOutputs(PROJECT, 'run-1');
    expect(outputs.map((output) => [output.path, output.kind])).toEqual([
      ['args.yaml', 'args'],
      ['confusion_matrix.png', 'plot'],
      ['exports/openvino/best_openvino_model/best.xml', 'export'],
      ['results.csv', 'results'],
      ['results.png', 'results-plot'],
      ['weights/best.onnx', 'weights'],
      ['weights/best.pt', 'weights'],
      ['weights/last.pt', 'weights'],
    ]);
    expect(outputs.find((output) => output.path === 'weights/best.pt')).toMatchObject({
      key: `runs/${PROJECT}/run-1/weights/best.pt`,
      size: 'best weights'.length,
      etag: expect.stringMatching(/^".+"$/),
      lastModified: expect.any(Date),
    });
  });

  it('is empty for a run that wrote nothing', async () => {
    expect(await store.listRunOutputs(PROJECT, 'never-ran')).toEqual([]);
  });

  it('refuses a run id that would leave the project folder, before asking S3', async () => {
    emulator.setFaults({ outage: true });
    await expect(store.listRunOutputs(PROJECT, '../other')).rejects.toThrow(InvalidArtifactKeyError);
  });
});

describe('readText', () => {
  it('reads an object as UTF-8 text', async () => {
    expect(await store.readText(`runs/${PROJECT}/run-1/args.yaml`)).toBe('task: detect\nmodel: yolo26n.pt\nepochs: 3\n');
  });

  it('turns NoSuchKey into ArtifactNotFoundError naming the key', async () => {
    const error = await rejectionOf(store.readText(`runs/${PROJECT}/run-1/nothing.txt`));
    expect(error).toBeInstanceOf(ArtifactNotFoundError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(`runs/${PROJECT}/run-1/nothing.txt was not found in bucket ${BUCKET}`);
    expect((error as ArtifactNotFoundError).details).toEqual({ bucket: BUCKET, key: `runs/${PROJECT}/run-1/nothing.txt` });
  });

  it('refuses a key with a leading slash or ".." segment', async () => {
    await expect(store.readText('/etc/passwd')).rejects.toThrow('S3 key "/etc/passwd" is not allowed: it must not start with "/"');
    await expect(store.readText('runs/../x')).rejects.toThrow('S3 key "runs/../x" is not allowed: it must not contain a ".." segment');
  });

  it('refuses a text larger than the limit without reading it all', async () => {
    const small = createArtifactStore({ s3, bucket: BUCKET, presignExpirySeconds: 900, maxTextBytes: 10 });
    const error = await rejectionOf(small.readText(`runs/${PROJECT}/run-1/results.csv`));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.message).toMatch(new RegExp(`^runs/${PROJECT}/run-1/results.csv is \\d+ bytes; text artifacts are read up to 10 bytes$`));
  });
});

describe('readResults', () => {
  it('parses results.csv and args.yaml of a run', async () => {
    const outcome = await store.readResults(PROJECT, 'run-1');
    if (!('table' in outcome)) throw new Error(outcome.unavailable);
    expect(outcome.table.task).toBe('detect');
    expect(outcome.table.rows).toHaveLength(3);
    expect(outcome.args).toMatchObject({ task: 'detect', model: 'yolo26n.pt', epochs: 3 });
    expect(outcome.argsUnavailable).toBeUndefined();
  });

  it('says metrics are unavailable when results.csv was never written', async () => {
    expect(await store.readResults(PROJECT, 'never-ran')).toEqual({
      unavailable: `results.csv was not written (no runs/${PROJECT}/never-ran/results.csv in ${BUCKET})`,
    });
  });

  it('says metrics are unavailable, with the line, when results.csv is malformed', async () => {
    await put(`runs/${PROJECT}/broken/results.csv`, `${header}\n1,2,3\n`);
    expect(await store.readResults(PROJECT, 'broken')).toEqual({ unavailable: 'results.csv line 2: expected 15 values (one per column) but found 3' });
  });

  it('still gives the table when args.yaml is missing or malformed', async () => {
    await put(`runs/${PROJECT}/no-args/results.csv`, resultsCsv);
    expect(await store.readResults(PROJECT, 'no-args')).toMatchObject({ args: null, argsUnavailable: 'args.yaml was not written' });
    await put(`runs/${PROJECT}/bad-args/results.csv`, resultsCsv);
    await put(`runs/${PROJECT}/bad-args/args.yaml`, 'epochs: many\n');
    expect(await store.readResults(PROJECT, 'bad-args')).toMatchObject({ args: null, argsUnavailable: 'args.yaml: epochs: expected a whole number, got "many"' });
  });
});

describe('presignedGetUrl', () => {
  it('gives a link that fetch can download without credentials', async () => {
    const url = await store.presignedGetUrl(`runs/${PROJECT}/run-1/results.png`);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('900');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await response.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('honours a shorter expiry, and S3 refuses the link once it has expired', async () => {
    const signedTwoHoursAgo = createArtifactStore({ s3, bucket: BUCKET, presignExpirySeconds: 900, now: () => new Date(Date.now() - 2 * 3600 * 1000) });
    const url = await signedTwoHoursAgo.presignedGetUrl(`runs/${PROJECT}/run-1/results.csv`, 60);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('60');
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Request has expired');
  });

  it.each([0, 604801, 1.5])('refuses an expiry of %s seconds', async (seconds) => {
    await expect(store.presignedGetUrl(`runs/${PROJECT}/run-1/results.csv`, seconds)).rejects.toThrow(
      `link expiry must be a whole number of seconds from 1 to 604800 (7 days), got ${seconds}`,
    );
  });
});

describe('uploadChart', () => {
  it('stores the PNG next to the run outputs as image/png', async () => {
    const png = renderTrainingChart(parseResultsCsv(resultsCsv), { width: 320, height: 320 });
    const uploaded = await store.uploadChart({ project: PROJECT, runId: 'chart-run', png });
    expect(uploaded).toEqual({ key: `runs/${PROJECT}/chart-run/training-chart.png`, uri: `s3://${BUCKET}/runs/${PROJECT}/chart-run/training-chart.png` });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: uploaded.key }));
    expect([head.ContentType, head.ContentLength]).toEqual(['image/png', png.length]);
  });

  it('refuses bytes that are not a PNG and stores nothing', async () => {
    const error = await rejectionOf(store.uploadChart({ project: PROJECT, runId: 'not-png', png: new TextEncoder().encode('hello') }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('the training chart must be PNG bytes (they do not start with the PNG signature)');
    expect(await keysUnder(`runs/${PROJECT}/not-png/`)).toEqual([]);
  });
});

describe('copyForPromotion', () => {
  it('copies best weights, exports and the run record to models/<project>/v<version>/, keeping content types', async () => {
    await seedRun('run-2');
    const copy = await store.copyForPromotion({ project: PROJECT, runId: 'run-2', version: 1 });
    expect(copy.prefix).toBe(`models/${PROJECT}/v1/`);
    expect(copy.files.map((file) => [file.path, file.status])).toEqual([
      ['args.yaml', 'copied'],
      ['exports/openvino/best_openvino_model/best.xml', 'copied'],
      ['results.csv', 'copied'],
      ['results.png', 'copied'],
      ['weights/best.onnx', 'copied'],
      ['weights/best.pt', 'copied'],
    ]);
    expect(copy.files.find((file) => file.path === 'weights/best.pt')).toEqual({
      path: 'weights/best.pt',
      source: `runs/${PROJECT}/run-2/weights/best.pt`,
      target: `models/${PROJECT}/v1/weights/best.pt`,
      uri: `s3://${BUCKET}/models/${PROJECT}/v1/weights/best.pt`,
      status: 'copied',
    });
    expect(await text(`models/${PROJECT}/v1/weights/best.pt`)).toBe('best weights');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `models/${PROJECT}/v1/results.csv` }));
    expect(head.ContentType).toBe('text/csv');
  });

  it('is idempotent: a repeated promotion finds its own copies and sends no copy request', async () => {
    await seedRun('run-3');
    await store.copyForPromotion({ project: PROJECT, runId: 'run-3', version: 2 });
    // Any CopyObject now would fail, so success proves none was sent.
    emulator.setFaults({ rules: [{ fault: 'internal-error', operation: 'CopyObject', count: 100 }] });
    const impatient = createArtifactStore({ s3: client({ maxAttempts: 1 }), bucket: BUCKET, presignExpirySeconds: 900 });
    const again = await impatient.copyForPromotion({ project: PROJECT, runId: 'run-3', version: 2 });
    expect(again.files.map((file) => file.status)).toEqual(Array(6).fill('already-present'));
  });

  it('finishes a promotion that stopped half way', async () => {
    await seedRun('run-4');
    // The weights fail to copy; the files before them in key order are copied.
    emulator.setFaults({ rules: [{ fault: 'internal-error', operation: 'CopyObject', keyPrefix: `models/${PROJECT}/v3/weights/`, count: 10 }] });
    const impatient = createArtifactStore({ s3: client({ maxAttempts: 1 }), bucket: BUCKET, presignExpirySeconds: 900 });
    const error = await rejectionOf(impatient.copyForPromotion({ project: PROJECT, runId: 'run-4', version: 3 }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      `Could not copy runs/${PROJECT}/run-4/weights/best.onnx to models/${PROJECT}/v3/weights/best.onnx: the storage service is unavailable (500 InternalError); try again shortly.`,
    );
    expect(await keysUnder(`models/${PROJECT}/v3/`)).toHaveLength(4);
    emulator.clearFaults();
    const copy = await store.copyForPromotion({ project: PROJECT, runId: 'run-4', version: 3 });
    expect(copy.files.map((file) => file.status)).toEqual(['already-present', 'already-present', 'already-present', 'already-present', 'copied', 'copied']);
    expect(await text(`models/${PROJECT}/v3/weights/best.pt`)).toBe('best weights');
  });

  it('refuses to overwrite a version that holds another run’s files, and copies nothing', async () => {
    await seedRun('run-5');
    await put(`models/${PROJECT}/v9/weights/best.pt`, 'someone else’s weights');
    const error = await rejectionOf(store.copyForPromotion({ project: PROJECT, runId: 'run-5', version: 9 }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      `Cannot promote run run-5 of ${PROJECT} as version 9: models/${PROJECT}/v9/weights/best.pt already holds other content (not a copy of runs/${PROJECT}/run-5/weights/best.pt); nothing was overwritten.`,
    );
    expect(await keysUnder(`models/${PROJECT}/v9/`)).toEqual([`models/${PROJECT}/v9/weights/best.pt`]);
    expect(await text(`models/${PROJECT}/v9/weights/best.pt`)).toBe('someone else’s weights');
  });

  it('refuses a run without best.pt and copies nothing', async () => {
    await put(`runs/${PROJECT}/no-weights/results.csv`, resultsCsv);
    const error = await rejectionOf(store.copyForPromotion({ project: PROJECT, runId: 'no-weights', version: 4 }));
    expect(error).toBeInstanceOf(ArtifactNotFoundError);
    expect(error.message).toBe(`Cannot promote run no-weights of ${PROJECT}: runs/${PROJECT}/no-weights/weights/best.pt was not found in bucket ${BUCKET}; nothing was copied.`);
    expect(await keysUnder(`models/${PROJECT}/v4/`)).toEqual([]);
  });

  it('refuses version 0 before touching S3', async () => {
    await expect(store.copyForPromotion({ project: PROJECT, runId: 'run-1', version: 0 })).rejects.toThrow('model version 0 is not a whole number from 1 up');
  });
});

describe('when S3 misbehaves', () => {
  const impatientStore = () => createArtifactStore({ s3: client({ maxAttempts: 1 }), bucket: BUCKET, presignExpirySeconds: 900 });

  it('turns an outage into an UpstreamError with a plain message, for reads, listings and results', async () => {
    emulator.setFaults({ outage: true });
    const impatient = impatientStore();
    const error = await rejectionOf(impatient.readText(`runs/${PROJECT}/run-1/results.csv`));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(`Could not read runs/${PROJECT}/run-1/results.csv: the storage service is unavailable (503 ServiceUnavailable); try again shortly.`);
    expect(error.cause).toBeDefined();
    await expect(impatient.listRunOutputs(PROJECT, 'run-1')).rejects.toThrow(`Could not list the outputs of run run-1 of ${PROJECT}: the storage service is unavailable`);
    // An outage is not "no metrics": the caller should try again, so it is not folded into `unavailable`.
    await expect(impatient.readResults(PROJECT, 'run-1')).rejects.toThrow(UpstreamError);
    await expect(impatient.uploadChart({ project: PROJECT, runId: 'run-1', png: renderTrainingChart(parseResultsCsv(resultsCsv)) })).rejects.toThrow(UpstreamError);
  });

  it('reports a connection cut in the middle of a body as an UpstreamError', async () => {
    emulator.setFaults({ rules: [{ fault: 'reset', operation: 'GetObject' }] });
    const error = await rejectionOf(impatientStore().readText(`runs/${PROJECT}/run-1/results.csv`));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(new RegExp(`^Could not read runs/${PROJECT}/run-1/results.csv: the storage service could not be reached \\(.+\\); try again shortly\\.$`));
  });

  it('says when the credentials are refused or the bucket does not exist', async () => {
    const wrongSecret = createArtifactStore({ s3: client({ credentials: { accessKeyId: emulator.accessKeyId, secretAccessKey: 'wrong' } }), bucket: BUCKET, presignExpirySeconds: 60 });
    await expect(wrongSecret.readText(`runs/${PROJECT}/run-1/args.yaml`)).rejects.toThrow(
      `Could not read runs/${PROJECT}/run-1/args.yaml: S3 refused our credentials (SignatureDoesNotMatch); check the access key and its permissions on "${BUCKET}".`,
    );
    const noBucket = createArtifactStore({ s3, bucket: 'no-such-bucket', presignExpirySeconds: 60 });
    await expect(noBucket.listRunOutputs(PROJECT, 'run-1')).rejects.toThrow(
      `Could not list the outputs of run run-1 of ${PROJECT}: the bucket "no-such-bucket" does not exist (check the artifacts bucket setting).`,
    );
  });

  it('says when S3 cannot be reached at all', async () => {
    const unreachable = createArtifactStore({ s3: client({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }), bucket: BUCKET, presignExpirySeconds: 60 });
    const error = await rejectionOf(unreachable.readText(`runs/${PROJECT}/run-1/args.yaml`));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/the storage service could not be reached \(ECONNREFUSED/);
  });
});

describe('createArtifactStore', () => {
  it.each([
    [{ bucket: 'Bad_Bucket' }, 'artifacts bucket "Bad_Bucket" is not an S3 bucket name (3-63 lowercase letters, digits, "." or "-")'],
    [{ presignExpirySeconds: 0 }, 'presignExpirySeconds must be a whole number of seconds from 1 to 604800 (7 days), got 0'],
    [{ listPageSize: 5000 }, 'listPageSize must be a whole number from 1 to 1000, got 5000'],
  ])('refuses bad settings %j with a message naming the setting', (override, message) => {
    expect(() => createArtifactStore({ s3, bucket: BUCKET, presignExpirySeconds: 900, ...override })).toThrow(message);
  });
});
