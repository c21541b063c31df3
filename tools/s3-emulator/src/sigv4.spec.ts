import { describe, expect, it } from 'vitest';
import {
  buildCanonicalRequest,
  buildStringToSign,
  deriveSigningKeyV4,
  EMPTY_SHA256,
  encodeRfc3986,
  parseQueryPairs,
  presignUrlV4,
  signChunkV4,
  signRequestV4,
  signStringV4,
} from './sigv4.ts';

// The worked examples of the AWS S3 API reference ("Signature Calculations for the Authorization
// Header", "Authenticating Requests: Using Query Parameters", "Transferring Payload in Multiple
// Chunks"): if these match, the canonicalisation matches AWS byte for byte.
const exampleSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const exampleDate = new Date('2013-05-24T00:00:00Z');
const exampleScope = '20130524/us-east-1/s3/aws4_request';
const exampleKey = deriveSigningKeyV4(exampleSecret, { date: '20130524', region: 'us-east-1', service: 's3' });

describe('SigV4 signing', () => {
  it('reproduces the AWS example signature of a ranged GET Object', () => {
    const canonicalRequest = buildCanonicalRequest({
      method: 'GET',
      canonicalPath: '/test.txt',
      query: [],
      headers: [
        ['Host', 'examplebucket.s3.amazonaws.com'],
        ['Range', 'bytes=0-9'],
        ['x-amz-content-sha256', EMPTY_SHA256],
        ['x-amz-date', '20130524T000000Z'],
      ],
      signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
    });
    const signature = signStringV4(exampleKey, buildStringToSign('20130524T000000Z', exampleScope, canonicalRequest));
    expect(signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('reproduces the AWS example of a presigned URL', () => {
    const url = presignUrlV4({
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: exampleSecret },
      region: 'us-east-1',
      expiresInSeconds: 86400,
      date: exampleDate,
    });
    expect(new URL(url).searchParams.get('X-Amz-Signature')).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('reproduces the AWS example seed and chunk signatures of a streaming upload', () => {
    const canonicalRequest = buildCanonicalRequest({
      method: 'PUT',
      canonicalPath: '/examplebucket/chunkObject.txt',
      query: [],
      headers: [
        ['content-encoding', 'aws-chunked'],
        ['content-length', '66824'],
        ['host', 's3.amazonaws.com'],
        ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'],
        ['x-amz-date', '20130524T000000Z'],
        ['x-amz-decoded-content-length', '66560'],
        ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
      ],
      signedHeaders: ['content-encoding', 'content-length', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-decoded-content-length', 'x-amz-storage-class'],
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    });
    const seed = signStringV4(exampleKey, buildStringToSign('20130524T000000Z', exampleScope, canonicalRequest));
    expect(seed).toBe('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    const context = { signingKey: exampleKey, amzDate: '20130524T000000Z', scope: exampleScope };
    const first = signChunkV4({ ...context, previousSignature: seed }, Buffer.alloc(65536, 'a'));
    const second = signChunkV4({ ...context, previousSignature: first }, Buffer.alloc(1024, 'a'));
    const last = signChunkV4({ ...context, previousSignature: second }, Buffer.alloc(0));
    expect([first, second, last]).toEqual([
      'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
      '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
      'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
    ]);
  });

  it('signs a request with the host, date and payload hash headers added', () => {
    const signed = signRequestV4({
      method: 'put',
      url: 'http://127.0.0.1:9000/bucket/a%20b.txt?partNumber=1&uploadId=x',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      region: 'us-east-1',
      date: exampleDate,
    });
    expect(signed.method).toBe('PUT');
    expect(signed.headers).toMatchObject({
      host: '127.0.0.1:9000',
      'content-type': 'text/plain',
      'x-amz-date': '20130524T000000Z',
      'x-amz-content-sha256': '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    });
    expect(signed.headers['authorization']).toBe(
      `AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=${signed.signature}`,
    );
  });

  it('refuses a presigned URL that would outlive a week', () => {
    expect(() =>
      presignUrlV4({
        method: 'GET',
        url: 'http://127.0.0.1/b/k',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        region: 'us-east-1',
        expiresInSeconds: 604801,
      }),
    ).toThrow('expiresInSeconds must be an integer from 1 to 604800, got 604801');
  });
});

describe('SigV4 encoding', () => {
  it('encodes everything but unreserved characters, including the ones encodeURIComponent keeps', () => {
    expect(encodeRfc3986("a b/c!*'()~_-.é")).toBe('a%20b%2Fc%21%2A%27%28%29~_-.%C3%A9');
  });

  it('reads a literal plus in a query as a plus, not a space', () => {
    expect(parseQueryPairs('prefix=a+b%20c&uploads&max-keys=')).toEqual([
      ['prefix', 'a+b c'],
      ['uploads', ''],
      ['max-keys', ''],
    ]);
  });
});
