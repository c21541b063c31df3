import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeChecksum, computeCompositeChecksum } from './checksums.ts';
import type { S3Emulator } from './s3-emulator.ts';
import { startS3Emulator } from './s3-emulator.ts';
import { createTestClient, rejectionOf } from './test-support.ts';

let emulator: S3Emulator;
let s3: S3Client;
const Bucket = 'models';
const MiB = 1024 * 1024;

beforeAll(async () => {
  emulator = await startS3Emulator({ buckets: [Bucket] });
  s3 = createTestClient(emulator);
});

afterAll(async () => {
  s3.destroy();
  await emulator.close();
});

/** 12 MiB that differ from part to part, so a misplaced part would change the hash. */
function patterned(size: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) data.writeUInt32BE(i, i);
  return data;
}

const multipartEtag = (parts: Buffer[]) =>
  `"${createHash('md5')
    .update(Buffer.concat(parts.map((part) => createHash('md5').update(part).digest())))
    .digest('hex')}-${parts.length}"`;

async function startUpload(Key: string) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  return UploadId as string;
}

async function uploadedUploads() {
  return (await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads?.map((upload) => upload.UploadId) ?? [];
}

describe('multipart uploads', () => {
  it('takes a 12 MiB lib-storage Upload in three parts with the multipart ETag and a composite CRC32', async () => {
    const data = patterned(12 * MiB);
    const result = await new Upload({ client: s3, params: { Bucket, Key: 'runs/9/weights/last.pt', Body: data, Metadata: { run: '9' } } }).done();
    const parts = [data.subarray(0, 5 * MiB), data.subarray(5 * MiB, 10 * MiB), data.subarray(10 * MiB)];
    expect(result.ETag).toBe(multipartEtag(parts));

    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'runs/9/weights/last.pt', ChecksumMode: 'ENABLED' }));
    expect(head).toMatchObject({ ContentLength: 12 * MiB, ETag: result.ETag, Metadata: { run: '9' }, ChecksumType: 'COMPOSITE' });
    expect(head.ChecksumCRC32).toBe(computeCompositeChecksum('CRC32', parts.map((part) => computeChecksum('CRC32', part) as string)));

    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'runs/9/weights/last.pt' }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(bytes.equals(data)).toBe(true);
    expect(await uploadedUploads()).toEqual([]);
  });

  it('lists the parts of an upload in progress, with pagination', async () => {
    const UploadId = await startUpload('listed.bin');
    for (const PartNumber of [1, 2, 3]) {
      await s3.send(new UploadPartCommand({ Bucket, Key: 'listed.bin', UploadId, PartNumber, Body: `part ${PartNumber}` }));
    }
    const first = await s3.send(new ListPartsCommand({ Bucket, Key: 'listed.bin', UploadId, MaxParts: 2 }));
    expect(first.Parts?.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([
      [1, 6, `"${createHash('md5').update('part 1').digest('hex')}"`],
      [2, 6, `"${createHash('md5').update('part 2').digest('hex')}"`],
    ]);
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(new ListPartsCommand({ Bucket, Key: 'listed.bin', UploadId, PartNumberMarker: first.NextPartNumberMarker }));
    expect(second.Parts?.map((part) => part.PartNumber)).toEqual([3]);
    expect(await uploadedUploads()).toContain(UploadId);
  });

  it('aborts an upload so that its parts are gone', async () => {
    const UploadId = await startUpload('aborted.bin');
    await s3.send(new UploadPartCommand({ Bucket, Key: 'aborted.bin', UploadId, PartNumber: 1, Body: 'x' }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'aborted.bin', UploadId }));
    expect(await uploadedUploads()).not.toContain(UploadId);
    const error = await rejectionOf(s3.send(new ListPartsCommand({ Bucket, Key: 'aborted.bin', UploadId })));
    expect(error.name).toBe('NoSuchUpload');
  });

  it('refuses parts listed out of order and keeps the upload', async () => {
    const UploadId = await startUpload('order.bin');
    const one = await s3.send(new UploadPartCommand({ Bucket, Key: 'order.bin', UploadId, PartNumber: 1, Body: 'one' }));
    const two = await s3.send(new UploadPartCommand({ Bucket, Key: 'order.bin', UploadId, PartNumber: 2, Body: 'two' }));
    const error = await rejectionOf(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'order.bin',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 2, ETag: two.ETag }, { PartNumber: 1, ETag: one.ETag }] },
        }),
      ),
    );
    expect(error.name).toBe('InvalidPartOrder');
    expect(error.message).toBe('The list of parts was not in ascending order. The parts list must be specified in order by part number.');
    expect(await uploadedUploads()).toContain(UploadId);
    expect(await rejectionOf(s3.send(new HeadObjectCommand({ Bucket, Key: 'order.bin' })))).toMatchObject({ name: 'NotFound' });
  });

  it('refuses a part whose ETag does not match, or that was never uploaded', async () => {
    const UploadId = await startUpload('invalid-part.bin');
    await s3.send(new UploadPartCommand({ Bucket, Key: 'invalid-part.bin', UploadId, PartNumber: 1, Body: 'one' }));
    const wrongEtag = await rejectionOf(
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'invalid-part.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0000"' }] } })),
    );
    expect(wrongEtag.name).toBe('InvalidPart');
    const missing = await rejectionOf(
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'invalid-part.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 7, ETag: '"0000"' }] } })),
    );
    expect(missing.name).toBe('InvalidPart');
  });

  it('refuses a part other than the last that is smaller than 5 MiB', async () => {
    const UploadId = await startUpload('small.bin');
    const one = await s3.send(new UploadPartCommand({ Bucket, Key: 'small.bin', UploadId, PartNumber: 1, Body: 'small' }));
    const two = await s3.send(new UploadPartCommand({ Bucket, Key: 'small.bin', UploadId, PartNumber: 2, Body: 'last' }));
    const error = await rejectionOf(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'small.bin',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] },
        }),
      ),
    );
    expect(error.name).toBe('EntityTooSmall');
  });

  it('completes a single small part (the last part may be any size)', async () => {
    const UploadId = await startUpload('single.bin');
    const part = await s3.send(new UploadPartCommand({ Bucket, Key: 'single.bin', UploadId, PartNumber: 1, Body: 'only part' }));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key: 'single.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
    );
    expect(done.ETag).toBe(multipartEtag([Buffer.from('only part')]));
    expect(done.Location).toBe(`${emulator.endpoint}/${Bucket}/single.bin`);
  });

  it('answers NoSuchUpload for an unknown upload id', async () => {
    const error = await rejectionOf(s3.send(new UploadPartCommand({ Bucket, Key: 'x', UploadId: 'nope', PartNumber: 1, Body: 'x' })));
    expect(error.name).toBe('NoSuchUpload');
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });

  it('refuses a part number outside 1..10000', async () => {
    const UploadId = await startUpload('numbers.bin');
    const error = await rejectionOf(s3.send(new UploadPartCommand({ Bucket, Key: 'numbers.bin', UploadId, PartNumber: 10001, Body: 'x' })));
    expect(error.name).toBe('InvalidArgument');
    expect(error.message).toBe('Part number must be an integer between 1 and 10000, inclusive');
  });
});
