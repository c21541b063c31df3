import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { S3FaultsState } from './faults.ts';
import type { S3Emulator } from './s3-emulator.ts';
import { startS3Emulator } from './s3-emulator.ts';
import { createTestClient, rejectionOf } from './test-support.ts';

let emulator: S3Emulator;
let s3: S3Client;
/** No retries: to see each fault as the application would without the SDK's help. */
let once: S3Client;
const Bucket = 'models';

beforeAll(async () => {
  emulator = await startS3Emulator({ buckets: [Bucket] });
  s3 = createTestClient(emulator);
  once = createTestClient(emulator, { maxAttempts: 1 });
  await s3.send(new PutObjectCommand({ Bucket, Key: 'runs/1/results.csv', Body: 'epoch\n1\n' }));
});

afterEach(() => emulator.clearFaults());

afterAll(async () => {
  s3.destroy();
  once.destroy();
  await emulator.close();
});

const control = (method: string, body?: unknown) =>
  fetch(`${emulator.endpoint}/_emulator/faults`, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });

describe('faults seen through the SDK', () => {
  it('lets the SDK retry absorb a single 503 SlowDown', async () => {
    emulator.setFaults({ rules: [{ fault: 'slow-down', operation: 'PutObject' }] });
    const result = await s3.send(new PutObjectCommand({ Bucket, Key: 'retried.txt', Body: 'made it' }));
    expect(result.$metadata.attempts).toBe(2);
    expect(emulator.faults().rules[0]).toMatchObject({ remaining: 0 });
  });

  it('lets the SDK retry absorb two 500 InternalErrors', async () => {
    emulator.setFaults({ rules: [{ fault: 'internal-error', count: 2, operation: 'GetObject' }] });
    const result = await s3.send(new GetObjectCommand({ Bucket, Key: 'runs/1/results.csv' }));
    expect(await result.Body?.transformToString()).toBe('epoch\n1\n');
    expect(result.$metadata.attempts).toBe(3);
  });

  it('surfaces an outage as ServiceUnavailable after the SDK gave up retrying, until cleared', async () => {
    emulator.setFaults({ outage: true });
    const error = await rejectionOf(s3.send(new ListBucketsCommand({})));
    expect(error.name).toBe('ServiceUnavailable');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 503, attempts: 3 });
    emulator.clearFaults();
    await expect(s3.send(new ListBucketsCommand({}))).resolves.toBeDefined();
  });

  it('shows the application the raw fault when it does not retry', async () => {
    emulator.setFaults({ rules: [{ fault: 'slow-down' }, { fault: 'internal-error' }] });
    expect(await rejectionOf(once.send(new ListBucketsCommand({})))).toMatchObject({ name: 'SlowDown', message: 'Please reduce your request rate.' });
    expect(await rejectionOf(once.send(new ListBucketsCommand({})))).toMatchObject({ name: 'InternalError' });
    await expect(once.send(new ListBucketsCommand({}))).resolves.toBeDefined();
  });

  it('only hits requests under the rule key prefix', async () => {
    emulator.setFaults({ rules: [{ fault: 'slow-down', keyPrefix: 'runs/', count: 5 }] });
    await expect(once.send(new PutObjectCommand({ Bucket, Key: 'datasets/a.txt', Body: 'a' }))).resolves.toBeDefined();
    expect((await rejectionOf(once.send(new PutObjectCommand({ Bucket, Key: 'runs/2/a.txt', Body: 'a' })))).name).toBe('SlowDown');
  });

  it('cuts the connection mid-response, which the SDK retries as a network error', async () => {
    emulator.setFaults({ rules: [{ fault: 'reset', operation: 'PutObject' }] });
    const cut = await rejectionOf(once.send(new PutObjectCommand({ Bucket, Key: 'cut.txt', Body: 'x' })));
    expect(cut.$metadata?.httpStatusCode).toBeUndefined();
    emulator.setFaults({ rules: [{ fault: 'reset', operation: 'PutObject' }] });
    const retried = await s3.send(new PutObjectCommand({ Bucket, Key: 'cut.txt', Body: 'x' }));
    expect(retried.$metadata.attempts).toBe(2);
  });

  it('cuts a HEAD before any byte of the response', async () => {
    emulator.setFaults({ rules: [{ fault: 'reset', operation: 'HeadObject' }] });
    const error = await rejectionOf(once.send(new HeadObjectCommand({ Bucket, Key: 'runs/1/results.csv' })));
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
  });

  it('adds latency to matching requests', async () => {
    emulator.setFaults({ rules: [{ fault: 'latency', latencyMs: 250, operation: 'HeadObject' }] });
    const started = Date.now();
    await s3.send(new HeadObjectCommand({ Bucket, Key: 'runs/1/results.csv' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('applies faults given at start', async () => {
    const faulty = await startS3Emulator({ faults: { rules: [{ fault: 'internal-error' }] } });
    const client = createTestClient(faulty, { maxAttempts: 1 });
    try {
      expect((await rejectionOf(client.send(new ListBucketsCommand({})))).name).toBe('InternalError');
      await expect(client.send(new ListBucketsCommand({}))).resolves.toBeDefined();
    } finally {
      client.destroy();
      await faulty.close();
    }
  });
});

describe('/_emulator/faults', () => {
  it('sets, shows and clears faults over HTTP', async () => {
    const posted = await control('POST', { latencyMs: 0, rules: [{ fault: 'slow-down', count: 2, operation: 'GetObject' }] });
    expect(posted.status).toBe(200);
    expect(await (await control('GET')).json()).toEqual({
      outage: false,
      latencyMs: 0,
      rules: [{ fault: 'slow-down', count: 2, remaining: 2, operation: 'GetObject' }],
    });
    expect((await rejectionOf(once.send(new GetObjectCommand({ Bucket, Key: 'runs/1/results.csv' })))).name).toBe('SlowDown');
    expect(((await (await control('GET')).json()) as S3FaultsState).rules[0]?.remaining).toBe(1);
    expect(await (await control('DELETE')).json()).toEqual({ outage: false, latencyMs: 0, rules: [] });
    await expect(once.send(new GetObjectCommand({ Bucket, Key: 'runs/1/results.csv' }))).resolves.toBeDefined();
  });

  it('starts an outage over HTTP', async () => {
    await control('POST', { outage: true });
    expect((await rejectionOf(once.send(new ListBucketsCommand({})))).name).toBe('ServiceUnavailable');
  });

  it('refuses invalid faults with a message naming the field, and keeps the current ones', async () => {
    emulator.setFaults({ rules: [{ fault: 'reset', count: 3 }] });
    const invalid = await control('POST', { rules: [{ fault: 'reset', count: -1 }] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: 'rules[0].count must be a positive integer, got -1.' });
    const notJson = await control('POST', '{rules:');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toContain('The body must be a JSON object');
    expect(emulator.faults().rules).toEqual([{ fault: 'reset', count: 3, remaining: 3 }]);
  });

  it('refuses invalid faults from code too, keeping the current ones', () => {
    emulator.setFaults({ outage: true });
    expect(() => emulator.setFaults({ latencyMs: 1e9 })).toThrow('latencyMs must be an integer number of milliseconds from 0 to 120000, got 1000000000.');
    expect(emulator.faults().outage).toBe(true);
  });

  it('answers health checks and names unknown endpoints', async () => {
    expect(await (await fetch(`${emulator.endpoint}/_emulator/health`)).json()).toEqual({ ok: true });
    const unknown = await fetch(`${emulator.endpoint}/_emulator/nothing`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('known: /_emulator/faults, /_emulator/health');
  });
});
