import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Emulator } from './s3-emulator.ts';
import { startS3Emulator } from './s3-emulator.ts';
import { createTestClient, rejectionOf } from './test-support.ts';

const Bucket = 'models';
const MiB = 1024 * 1024;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 's3-emulator-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function withEmulator<T>(action: (s3: S3Client, emulator: S3Emulator) => Promise<T>, dir = dataDir): Promise<T> {
  const emulator = await startS3Emulator({ dataDir: dir, buckets: [Bucket] });
  const s3 = createTestClient(emulator);
  try {
    return await action(s3, emulator);
  } finally {
    s3.destroy();
    await emulator.close();
  }
}

describe('dataDir', () => {
  it('keeps buckets, objects, metadata, checksums and unfinished uploads across a restart', async () => {
    const before = await withEmulator(async (s3) => {
      await s3.send(new CreateBucketCommand({ Bucket: 'exports' }));
      const put = await s3.send(
        new PutObjectCommand({ Bucket, Key: 'runs/1/results.csv', Body: 'epoch\n1\n', ContentType: 'text/csv', Metadata: { run: '1' }, ChecksumAlgorithm: 'SHA256' }),
      );
      await s3.send(new PutObjectCommand({ Bucket, Key: 'runs/1/args.yaml', Body: 'old' }));
      await s3.send(new PutObjectCommand({ Bucket, Key: 'runs/1/args.yaml', Body: 'new' }));
      await s3.send(new PutObjectCommand({ Bucket, Key: 'runs/1/tmp.txt', Body: 'gone soon' }));
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'runs/1/tmp.txt' }));
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'runs/1/weights/best.pt' }));
      const part1 = await s3.send(new UploadPartCommand({ Bucket, Key: 'runs/1/weights/best.pt', UploadId, PartNumber: 1, Body: Buffer.alloc(5 * MiB, 1) }));
      return { etag: put.ETag, checksum: put.ChecksumSHA256, UploadId, part1: part1.ETag };
    });

    await withEmulator(async (s3) => {
      const { Buckets } = await s3.send(new ListBucketsCommand({}));
      expect(Buckets?.map((bucket) => bucket.Name)).toEqual(['exports', Bucket]);
      const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket }));
      expect(Contents?.map((object) => object.Key)).toEqual(['runs/1/args.yaml', 'runs/1/results.csv']);

      const results = await s3.send(new GetObjectCommand({ Bucket, Key: 'runs/1/results.csv', ChecksumMode: 'ENABLED' }));
      expect(await results.Body?.transformToString()).toBe('epoch\n1\n');
      expect(results).toMatchObject({ ETag: before.etag, ContentType: 'text/csv', Metadata: { run: '1' }, ChecksumSHA256: before.checksum });
      const args = await s3.send(new GetObjectCommand({ Bucket, Key: 'runs/1/args.yaml' }));
      expect(await args.Body?.transformToString()).toBe('new');
      const ranged = await s3.send(new GetObjectCommand({ Bucket, Key: 'runs/1/results.csv', Range: 'bytes=6-' }));
      expect(await ranged.Body?.transformToString()).toBe('1\n');

      const Key = 'runs/1/weights/best.pt';
      const part2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId: before.UploadId, PartNumber: 2, Body: 'tail' }));
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId: before.UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: before.part1 }, { PartNumber: 2, ETag: part2.ETag }] },
        }),
      );
      expect((await s3.send(new HeadObjectCommand({ Bucket, Key }))).ContentLength).toBe(5 * MiB + 4);
    });

    // One body per object, one sidecar per object: overwrites and deletes leave nothing behind.
    const files = await readdir(path.join(dataDir, 'buckets', Bucket, 'objects'));
    expect(files.filter((file) => file.endsWith('.bin'))).toHaveLength(3);
    expect(files.filter((file) => file.endsWith('.json'))).toHaveLength(3);
    expect(await readdir(path.join(dataDir, 'uploads'))).toEqual([]);
  });

  it('refuses to start on a damaged metadata file, naming it, and changes nothing', async () => {
    const damagedDir = await mkdtemp(path.join(tmpdir(), 's3-emulator-damaged-'));
    try {
      await withEmulator((s3) => s3.send(new PutObjectCommand({ Bucket, Key: 'a.txt', Body: 'a' })), damagedDir);
      const objectsDir = path.join(damagedDir, 'buckets', Bucket, 'objects');
      const sidecar = (await readdir(objectsDir)).find((file) => file.endsWith('.json')) as string;
      await writeFile(path.join(objectsDir, sidecar), '{not json');
      await expect(startS3Emulator({ dataDir: damagedDir })).rejects.toThrow(
        `The S3 emulator data file ${path.join(objectsDir, sidecar)} is not valid JSON; remove it or the data directory.`,
      );
      expect((await readdir(objectsDir)).sort()).toHaveLength(2);
    } finally {
      await rm(damagedDir, { recursive: true, force: true });
    }
  });

  it('keeps memory-only emulators apart from each other', async () => {
    const first = await startS3Emulator({ buckets: [Bucket] });
    const second = await startS3Emulator({ buckets: [Bucket] });
    const a = createTestClient(first);
    const b = createTestClient(second);
    try {
      await a.send(new PutObjectCommand({ Bucket, Key: 'only-in-first', Body: '1' }));
      expect((await rejectionOf(b.send(new HeadObjectCommand({ Bucket, Key: 'only-in-first' })))).name).toBe('NotFound');
    } finally {
      a.destroy();
      b.destroy();
      await Promise.all([first.close(), second.close()]);
    }
  });
});
