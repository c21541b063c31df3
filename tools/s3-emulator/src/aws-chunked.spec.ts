import { describe, expect, it } from 'vitest';
import { decodeAwsChunked, encodeAwsChunked } from './aws-chunked.ts';
import { S3Error } from './s3-errors.ts';
import { deriveSigningKeyV4 } from './sigv4.ts';

const signing = {
  signingKey: deriveSigningKeyV4('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', { date: '20130524', region: 'us-east-1', service: 's3' }),
  amzDate: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
  // The seed signature of the AWS streaming example (see sigv4.spec.ts).
  previousSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
};

function s3ErrorOf(action: () => unknown): S3Error {
  try {
    action();
  } catch (error) {
    if (error instanceof S3Error) return error;
    throw error;
  }
  throw new Error('expected an S3Error');
}

describe('aws-chunked', () => {
  it('decodes the unsigned form the AWS SDK sends, trailer included', () => {
    const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    expect(decodeAwsChunked(body, { signedChunks: false })).toEqual({
      payload: Buffer.from('hello world'),
      trailers: [['x-amz-checksum-crc32', 'DUoRhQ==']],
    });
  });

  it('decodes and verifies the AWS signed example body (66560 bytes in 64 KiB chunks)', () => {
    const payload = Buffer.alloc(66560, 'a');
    const body = encodeAwsChunked(payload, { chunkSize: 65536, signing });
    expect(body.length).toBe(66824);
    expect(body.toString('latin1', 0, 88)).toBe('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n');
    expect(decodeAwsChunked(body, { signedChunks: true, verify: signing }).payload.equals(payload)).toBe(true);
  });

  it('round-trips a signed body with a signed trailer', () => {
    const payload = Buffer.from('weights'.repeat(3000));
    const body = encodeAwsChunked(payload, { chunkSize: 8192, signing, trailers: [['x-amz-checksum-sha256', 'abc=']] });
    const decoded = decodeAwsChunked(body, { signedChunks: true, verify: signing });
    expect(decoded.payload.equals(payload)).toBe(true);
    expect(decoded.trailers).toEqual([['x-amz-checksum-sha256', 'abc=']]);
  });

  it('refuses a signed body whose data was changed after signing', () => {
    const body = encodeAwsChunked(Buffer.from('a'.repeat(100)), { chunkSize: 64, signing });
    const tampered = Buffer.from(body.toString('latin1').replace('aaaa', 'aaab'), 'latin1');
    expect(s3ErrorOf(() => decodeAwsChunked(tampered, { signedChunks: true, verify: signing }))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
    });
  });

  it('refuses a signed trailer that was changed after signing', () => {
    const body = encodeAwsChunked(Buffer.from('abc'), { signing, trailers: [['x-amz-checksum-crc32', 'AAAAAA==']] });
    const tampered = Buffer.from(body.toString('latin1').replace('AAAAAA==', 'BBBBBB=='), 'latin1');
    expect(s3ErrorOf(() => decodeAwsChunked(tampered, { signedChunks: true, verify: signing })).code).toBe('SignatureDoesNotMatch');
  });

  it('explains a body cut short inside a chunk', () => {
    const error = s3ErrorOf(() => decodeAwsChunked(Buffer.from('a\r\nhello'), { signedChunks: false }));
    expect(error).toMatchObject({ code: 'IncompleteBody', message: 'The aws-chunked body ended inside a chunk.' });
  });

  it('explains a chunk size that is not hexadecimal', () => {
    const error = s3ErrorOf(() => decodeAwsChunked(Buffer.from('zz\r\nhello\r\n0\r\n\r\n'), { signedChunks: false }));
    expect(error.message).toBe('The aws-chunked body has an invalid chunk size "zz".');
  });

  it('requires chunk signatures in a signed body', () => {
    const error = s3ErrorOf(() => decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), { signedChunks: true }));
    expect(error.message).toBe('A chunk of a signed aws-chunked body has no chunk-signature.');
  });
});
