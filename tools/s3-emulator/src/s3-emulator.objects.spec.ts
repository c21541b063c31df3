import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAwsChunked } from './aws-chunked.ts';
import { computeChecksum } from './checksums.ts';
import type { S3Emulator } from './s3-emulator.ts';
import { startS3Emulator } from './s3-emulator.ts';
import { signRequestV4 } from './sigv4.ts';
import { createTestClient, rejectionOf } from './test-support.ts';

let emulator: S3Emulator;
let s3: S3Client;
const Bucket = 'models';

beforeAll(async () => {
  emulator = await startS3Emulator({ buckets: [Bucket, 'registry'] });
  s3 = createTestClient(emulator);
});

afterAll(async () => {
  s3.destroy();
  await emulator.close();
});

const md5 = (text: string | Buffer) => `"${createHash('md5').update(text).digest('hex')}"`;
const read = async (Key: string, bucket = Bucket) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString();
const exists = async (Key: string) =>
  s3.send(new HeadObjectCommand({ Bucket, Key })).then(
    () => true,
    (error: Error) => (error.name === 'NotFound' ? false : Promise.reject(error)),
  );

/** A request signed by hand, for wire forms the SDK does not produce. */
function signedFetch(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string; payloadHash?: string } = {}) {
  const url = `${emulator.endpoint}${path}`;
  const signed = signRequestV4({
    method,
    url,
    credentials: emulator,
    region: emulator.region,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.payloadHash ? { payloadHash: options.payloadHash } : {}),
  });
  return { signed, send: (body = options.body) => fetch(url, { method, headers: signed.headers, ...(body !== undefined ? { body } : {}) }) };
}

describe('PutObject and GetObject', () => {
  it('stores the body with its content type, metadata, MD5 ETag and Last-Modified', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'runs/1/results.csv',
        Body: 'epoch,map50\n1,0.5\n',
        ContentType: 'text/csv',
        ContentDisposition: 'attachment; filename="results.csv"',
        CacheControl: 'no-cache',
        Metadata: { run: '1', project: 'pcb-defect' },
      }),
    );
    expect(put.ETag).toBe(md5('epoch,map50\n1,0.5\n'));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'runs/1/results.csv' }));
    expect(await got.Body?.transformToString()).toBe('epoch,map50\n1,0.5\n');
    expect(got).toMatchObject({
      ContentType: 'text/csv',
      ContentDisposition: 'attachment; filename="results.csv"',
      CacheControl: 'no-cache',
      ContentLength: 18,
      ETag: put.ETag,
      Metadata: { run: '1', project: 'pcb-defect' },
      AcceptRanges: 'bytes',
    });
    expect(Date.now() - (got.LastModified?.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it('answers HeadObject with the headers and no body', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'head.bin', Body: Buffer.alloc(10, 1) }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'head.bin' }));
    expect(head).toMatchObject({ ContentLength: 10, ETag: md5(Buffer.alloc(10, 1)), ContentType: 'application/octet-stream' });
  });

  it('keeps keys with spaces, plus signs, unicode and reserved characters intact', async () => {
    const Key = "runs/ü ñ/a+b=c&d?e#f/it's (1)*!.txt";
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'odd' }));
    expect(await read(Key)).toBe('odd');
    const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'runs/ü' }));
    expect(Contents?.map((object) => object.Key)).toEqual([Key]);
  });

  it('answers NoSuchKey for a key that does not exist, and NotFound to HeadObject', async () => {
    const error = await rejectionOf(s3.send(new GetObjectCommand({ Bucket, Key: 'missing.txt' })));
    expect(error.name).toBe('NoSuchKey');
    expect(error.message).toBe('The specified key does not exist.');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    const head = await rejectionOf(s3.send(new HeadObjectCommand({ Bucket, Key: 'missing.txt' })));
    expect(head.name).toBe('NotFound');
  });

  it('decodes a streamed upload the SDK sends aws-chunked with a CRC32 trailer', async () => {
    const sent: Record<string, string>[] = [];
    const client = createTestClient(emulator);
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureHeaders' },
    );
    const body = Buffer.from('weights '.repeat(5000));
    await client.send(new PutObjectCommand({ Bucket, Key: 'streamed.bin', Body: Readable.from([body]), ContentLength: body.length }));
    client.destroy();
    expect(sent[0]).toMatchObject({
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    });
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'streamed.bin', ChecksumMode: 'ENABLED' }));
    expect(head).toMatchObject({ ContentLength: body.length, ETag: md5(body), ChecksumCRC32: computeChecksum('CRC32', body) });
    expect(head.ContentEncoding).toBeUndefined();
  });

  it.each(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const)('verifies and returns a %s checksum', async (ChecksumAlgorithm) => {
    const Key = `checksum-${ChecksumAlgorithm}.txt`;
    const put = await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'checked bytes', ChecksumAlgorithm }));
    const expected = computeChecksum(ChecksumAlgorithm, Buffer.from('checked bytes'));
    expect(put[`Checksum${ChecksumAlgorithm}`]).toBe(expected);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
    expect(head[`Checksum${ChecksumAlgorithm}`]).toBe(expected);
    expect(head.ChecksumType).toBe('FULL_OBJECT');
  });

  it('refuses a body whose checksum does not match, and stores nothing', async () => {
    const error = await rejectionOf(s3.send(new PutObjectCommand({ Bucket, Key: 'bad-crc.txt', Body: 'data', ChecksumCRC32: 'AAAAAA==' })));
    expect(error.name).toBe('BadDigest');
    expect(error.message).toBe('The x-amz-checksum-crc32 you specified did not match the calculated checksum.');
    expect(await exists('bad-crc.txt')).toBe(false);
  });

  it('refuses a body whose Content-MD5 does not match, and stores nothing', async () => {
    const wrong = createHash('md5').update('other').digest('base64');
    const error = await rejectionOf(s3.send(new PutObjectCommand({ Bucket, Key: 'bad-md5.txt', Body: 'data', ContentMD5: wrong })));
    expect(error.name).toBe('BadDigest');
    expect(error.message).toBe('The Content-MD5 you specified did not match what we received.');
    expect(await exists('bad-md5.txt')).toBe(false);
  });

  it('refuses a body that does not match its signed x-amz-content-sha256, and stores nothing', async () => {
    const { send } = signedFetch('PUT', `/${Bucket}/sha-mismatch.txt`, { body: 'signed body' });
    const response = await send('another body');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect(await exists('sha-mismatch.txt')).toBe(false);
  });

  it('accepts a STREAMING-AWS4-HMAC-SHA256-PAYLOAD upload and verifies every chunk signature', async () => {
    const payload = Buffer.from('signed chunk '.repeat(2000));
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(payload.length) };
    const { signed, send } = signedFetch('PUT', `/${Bucket}/signed-chunks.bin`, { headers, payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    const response = await send(encodeAwsChunked(payload, { chunkSize: 8192, signing: signed.signing }));
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(md5(payload));
    expect(await read('signed-chunks.bin')).toBe(payload.toString());
    // No Content-Type was sent: S3's default applies, and the aws-chunked wrapping is not stored.
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'signed-chunks.bin' }));
    expect(head.ContentType).toBe('binary/octet-stream');
    expect(head.ContentEncoding).toBeUndefined();
  });

  it('accepts a signed streaming upload with a signed checksum trailer', async () => {
    const payload = Buffer.from('trailer '.repeat(3000));
    const crc = computeChecksum('CRC32C', payload) as string;
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(payload.length), 'x-amz-trailer': 'x-amz-checksum-crc32c' };
    const { signed, send } = signedFetch('PUT', `/${Bucket}/signed-trailer.bin`, { headers, payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' });
    const response = await send(encodeAwsChunked(payload, { chunkSize: 8192, signing: signed.signing, trailers: [['x-amz-checksum-crc32c', crc]] }));
    expect(response.status).toBe(200);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'signed-trailer.bin', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC32C).toBe(crc);
  });

  it('refuses a signed streaming upload whose chunk was altered, and stores nothing', async () => {
    const payload = Buffer.from('x'.repeat(20000));
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(payload.length) };
    const { signed, send } = signedFetch('PUT', `/${Bucket}/forged-chunks.bin`, { headers, payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    const body = encodeAwsChunked(payload, { chunkSize: 8192, signing: signed.signing });
    const forged = Buffer.from(body.toString('latin1').replace('xxxx', 'xxxy'), 'latin1');
    const response = await send(forged);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await exists('forged-chunks.bin')).toBe(false);
  });

  it('refuses to overwrite with If-None-Match: * and keeps the first object', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'once.txt', Body: 'first', IfNoneMatch: '*' }));
    const error = await rejectionOf(s3.send(new PutObjectCommand({ Bucket, Key: 'once.txt', Body: 'second', IfNoneMatch: '*' })));
    expect(error.name).toBe('PreconditionFailed');
    expect(error.$metadata?.httpStatusCode).toBe(412);
    expect(await read('once.txt')).toBe('first');
  });
});

describe('ranges and conditional reads', () => {
  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'alphabet.txt', Body: 'abcdefghijklmnopqrstuvwxyz' }));
  });

  it('answers a Range request with 206 and the bytes asked for', async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'alphabet.txt', Range: 'bytes=2-5' }));
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(got.ContentRange).toBe('bytes 2-5/26');
    expect(got.ContentLength).toBe(4);
    expect(await got.Body?.transformToString()).toBe('cdef');
    const tail = await s3.send(new GetObjectCommand({ Bucket, Key: 'alphabet.txt', Range: 'bytes=-3' }));
    expect(await tail.Body?.transformToString()).toBe('xyz');
  });

  it('answers InvalidRange (416) for a range past the end', async () => {
    const error = await rejectionOf(s3.send(new GetObjectCommand({ Bucket, Key: 'alphabet.txt', Range: 'bytes=26-30' })));
    expect(error.name).toBe('InvalidRange');
    expect(error.$metadata?.httpStatusCode).toBe(416);
  });

  it('answers 304 to If-None-Match with the current ETag and to If-Modified-Since after the last change', async () => {
    const { ETag, LastModified } = await s3.send(new HeadObjectCommand({ Bucket, Key: 'alphabet.txt' }));
    const byEtag = await rejectionOf(s3.send(new GetObjectCommand({ Bucket, Key: 'alphabet.txt', IfNoneMatch: ETag })));
    expect(byEtag.$metadata?.httpStatusCode).toBe(304);
    const byDate = await rejectionOf(s3.send(new GetObjectCommand({ Bucket, Key: 'alphabet.txt', IfModifiedSince: LastModified })));
    expect(byDate.$metadata?.httpStatusCode).toBe(304);
    const changed = await s3.send(new GetObjectCommand({ Bucket, Key: 'alphabet.txt', IfModifiedSince: new Date(0) }));
    expect(await changed.Body?.transformToString()).toBe('abcdefghijklmnopqrstuvwxyz');
  });

  it('answers PreconditionFailed to If-Match with another ETag', async () => {
    const error = await rejectionOf(s3.send(new GetObjectCommand({ Bucket, Key: 'alphabet.txt', IfMatch: '"0000"' })));
    expect(error.name).toBe('PreconditionFailed');
  });
});

describe('DeleteObject and DeleteObjects', () => {
  it('deletes one object, and deleting a missing key still succeeds', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'doomed.txt', Body: 'x' }));
    const result = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'doomed.txt' }));
    expect(result.$metadata.httpStatusCode).toBe(204);
    expect(await exists('doomed.txt')).toBe(false);
    await expect(s3.send(new DeleteObjectCommand({ Bucket, Key: 'doomed.txt' }))).resolves.toBeDefined();
  });

  it('deletes a batch and reports every key as deleted', async () => {
    await Promise.all(['b/1', 'b/2', 'b/3'].map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))));
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'b/1' }, { Key: 'b/2' }, { Key: 'b/never-existed' }] } }),
    );
    expect(result.Deleted?.map((deleted) => deleted.Key)).toEqual(['b/1', 'b/2', 'b/never-existed']);
    expect(result.Errors ?? []).toEqual([]);
    const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'b/' }));
    expect(Contents?.map((object) => object.Key)).toEqual(['b/3']);
  });

  it('refuses a malformed batch and deletes nothing', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'kept.txt', Body: 'kept' }));
    const body = '<Delete><Object><Key>kept.txt</Key></Object>';
    const { send } = signedFetch('POST', `/${Bucket}?delete`, { body });
    const response = await send();
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>MalformedXML</Code>');
    expect(await exists('kept.txt')).toBe(true);
  });
});

describe('CopyObject', () => {
  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'runs/7/weights/best.pt', Body: 'weights', ContentType: 'application/octet-stream', Metadata: { map50: '0.91' } }));
  });

  it('copies across buckets keeping metadata (a promotion)', async () => {
    const result = await s3.send(new CopyObjectCommand({ Bucket: 'registry', Key: 'pcb-defect/v3/best.pt', CopySource: `${Bucket}/runs/7/weights/best.pt` }));
    expect(result.CopyObjectResult?.ETag).toBe(md5('weights'));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'registry', Key: 'pcb-defect/v3/best.pt' }));
    expect(head).toMatchObject({ Metadata: { map50: '0.91' }, ContentType: 'application/octet-stream' });
    expect(await read('pcb-defect/v3/best.pt', 'registry')).toBe('weights');
  });

  it('replaces metadata with the REPLACE directive', async () => {
    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'runs/7/weights/best.pt',
        CopySource: `/${Bucket}/runs%2F7%2Fweights%2Fbest.pt`,
        MetadataDirective: 'REPLACE',
        Metadata: { promoted: 'yes' },
        ContentType: 'application/x-pytorch',
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'runs/7/weights/best.pt' }));
    expect(head.Metadata).toEqual({ promoted: 'yes' });
    expect(head.ContentType).toBe('application/x-pytorch');
  });

  it('refuses to copy an object onto itself without changing anything', async () => {
    const error = await rejectionOf(s3.send(new CopyObjectCommand({ Bucket, Key: 'runs/7/weights/best.pt', CopySource: `${Bucket}/runs/7/weights/best.pt` })));
    expect(error.name).toBe('InvalidRequest');
    expect(error.message).toContain('trying to copy an object to itself');
  });

  it('answers NoSuchKey for a missing source and PreconditionFailed for a failed copy condition', async () => {
    const missing = await rejectionOf(s3.send(new CopyObjectCommand({ Bucket, Key: 'x', CopySource: `${Bucket}/nothing-here` })));
    expect(missing.name).toBe('NoSuchKey');
    const conditional = await rejectionOf(
      s3.send(new CopyObjectCommand({ Bucket, Key: 'y', CopySource: `${Bucket}/runs/7/weights/best.pt`, CopySourceIfMatch: '"0000"' })),
    );
    expect(conditional.name).toBe('PreconditionFailed');
    expect(await exists('y')).toBe(false);
  });
});

describe('listing', () => {
  const keys = ['ds/a.jpg', 'ds/b.jpg', 'ds/sub/c.jpg', 'ds/sub/d.jpg', 'ds/t/e.jpg', 'ds/z.jpg'];

  beforeAll(async () => {
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))));
  });

  it('pages through ListObjectsV2 with a delimiter, counting common prefixes once', async () => {
    const pages: Array<{ keys: string[]; prefixes: string[]; count?: number; truncated?: boolean }> = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'ds/', Delimiter: '/', MaxKeys: 2, ContinuationToken }));
      pages.push({
        keys: page.Contents?.map((object) => object.Key as string) ?? [],
        prefixes: page.CommonPrefixes?.map((prefix) => prefix.Prefix as string) ?? [],
        count: page.KeyCount,
        truncated: page.IsTruncated,
      });
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(pages).toEqual([
      { keys: ['ds/a.jpg', 'ds/b.jpg'], prefixes: [], count: 2, truncated: true },
      { keys: [], prefixes: ['ds/sub/', 'ds/t/'], count: 2, truncated: true },
      { keys: ['ds/z.jpg'], prefixes: [], count: 1, truncated: false },
    ]);
  });

  it('starts after a key with StartAfter and reports sizes and ETags', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'ds/', StartAfter: 'ds/sub/c.jpg' }));
    expect(page.Contents?.map((object) => object.Key)).toEqual(['ds/sub/d.jpg', 'ds/t/e.jpg', 'ds/z.jpg']);
    expect(page.Contents?.[0]).toMatchObject({ Size: 12, ETag: md5('ds/sub/d.jpg'), StorageClass: 'STANDARD' });
    expect(page.StartAfter).toBe('ds/sub/c.jpg');
  });

  it('refuses a continuation token it did not issue', async () => {
    const error = await rejectionOf(s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: 'forged' })));
    expect(error.name).toBe('InvalidArgument');
    expect(error.message).toBe('The continuation token provided is incorrect');
  });

  it('pages through ListObjects v1 with Marker and NextMarker', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'ds/', MaxKeys: 4 }));
    expect(first.Contents?.map((object) => object.Key)).toEqual(keys.slice(0, 4));
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'ds/', Marker: first.NextMarker }));
    expect(second.Contents?.map((object) => object.Key)).toEqual(keys.slice(4));
    expect(second.IsTruncated).toBe(false);
  });
});
