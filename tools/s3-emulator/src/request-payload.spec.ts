import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { encodeAwsChunked } from './aws-chunked.ts';
import { computeChecksum } from './checksums.ts';
import { decodeRequestPayload } from './request-payload.ts';
import { S3Error } from './s3-errors.ts';

const data = Buffer.from('model weights');

function decode(headers: IncomingHttpHeaders, body: Buffer = data) {
  return decodeRequestPayload({ headers, body });
}

function errorOf(headers: IncomingHttpHeaders, body: Buffer = data): S3Error {
  try {
    decode(headers, body);
  } catch (error) {
    if (error instanceof S3Error) return error;
    throw error;
  }
  throw new Error('expected an S3Error');
}

describe('decodeRequestPayload', () => {
  it('verifies SHA512 and MD5 checksums, which the SDK tests do not reach', () => {
    const sha512 = createHash('sha512').update(data).digest('base64');
    expect(decode({ 'x-amz-checksum-sha512': sha512 })).toEqual({ data, checksum: { algorithm: 'SHA512', value: sha512 } });
    const md5 = createHash('md5').update('other').digest('base64');
    expect(errorOf({ 'x-amz-checksum-md5': md5 })).toMatchObject({
      code: 'BadDigest',
      message: 'The x-amz-checksum-md5 you specified did not match the calculated checksum.',
    });
  });

  it('accepts an XXHASH checksum unverified, as documented', () => {
    expect(decode({ 'x-amz-checksum-xxhash64': 'AAAAAAAAAAA=' }).checksum).toEqual({ algorithm: 'XXHASH64', value: 'AAAAAAAAAAA=' });
  });

  it('refuses two checksums, a checksum that is not base64 of the right size, and an announced but absent one', () => {
    const crc = computeChecksum('CRC32', data) as string;
    expect(errorOf({ 'x-amz-checksum-crc32': crc, 'x-amz-checksum-sha1': 'x' }).message).toBe(
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
    expect(errorOf({ 'x-amz-checksum-crc32': 'not base64!' }).message).toBe('Value for x-amz-checksum-crc32 header is invalid.');
    expect(errorOf({ 'x-amz-sdk-checksum-algorithm': 'CRC32C' }).message).toBe(
      'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-crc32c or x-amz-trailer headers were found.',
    );
  });

  it('refuses a Content-MD5 that is not an MD5 at all', () => {
    expect(errorOf({ 'content-md5': 'abc' })).toMatchObject({ code: 'InvalidDigest', status: 400 });
  });

  it('decodes an aws-chunked body and checks its trailer against the announcement', () => {
    const crc = computeChecksum('CRC32', data) as string;
    const body = encodeAwsChunked(data, { chunkSize: 4, trailers: [['x-amz-checksum-crc32', crc]] });
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': String(data.length),
    };
    expect(decode({ ...headers, 'x-amz-trailer': 'x-amz-checksum-crc32' }, body)).toEqual({ data, checksum: { algorithm: 'CRC32', value: crc } });
    expect(errorOf({ ...headers, 'x-amz-trailer': 'x-amz-checksum-sha256' }, body).code).toBe('MalformedTrailerError');
    expect(errorOf({ ...headers, 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-decoded-content-length': '99' }, body).message).toBe(
      'x-amz-decoded-content-length says 99 bytes but the aws-chunked body decodes to 13.',
    );
  });

  it('refuses a trailer checksum that does not match the decoded body', () => {
    const body = encodeAwsChunked(data, { trailers: [['x-amz-checksum-crc32', computeChecksum('CRC32', Buffer.from('x')) as string]] });
    const error = errorOf({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32' }, body);
    expect(error.code).toBe('BadDigest');
  });

  it('explains an x-amz-content-sha256 it cannot read, and names streaming forms it does not support', () => {
    expect(errorOf({ 'x-amz-content-sha256': 'abc' }).message).toContain('x-amz-content-sha256 must be UNSIGNED-PAYLOAD');
    expect(errorOf({ 'x-amz-content-sha256': 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD' })).toMatchObject({ code: 'NotImplemented' });
  });
});
