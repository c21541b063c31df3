import { describe, expect, it } from 'vitest';
import { resolveOperation } from './operations.ts';
import { parseRequestTarget } from './request-target.ts';

const resolve = (method: string, url: string, hasCopySource = false) =>
  resolveOperation({ method, target: parseRequestTarget(url, '127.0.0.1:9000'), hasCopySource });

describe('resolveOperation', () => {
  it('names every supported operation from method, level and sub-resource', () => {
    const table: Array<[string, string, boolean, string]> = [
      ['GET', '/', false, 'ListBuckets'],
      ['PUT', '/b', false, 'CreateBucket'],
      ['HEAD', '/b', false, 'HeadBucket'],
      ['DELETE', '/b', false, 'DeleteBucket'],
      ['GET', '/b?location', false, 'GetBucketLocation'],
      ['GET', '/b', false, 'ListObjects'],
      ['GET', '/b?list-type=2', false, 'ListObjectsV2'],
      ['GET', '/b?uploads', false, 'ListMultipartUploads'],
      ['POST', '/b?delete', false, 'DeleteObjects'],
      ['PUT', '/b/k', false, 'PutObject'],
      ['PUT', '/b/k', true, 'CopyObject'],
      ['GET', '/b/k', false, 'GetObject'],
      ['HEAD', '/b/k', false, 'HeadObject'],
      ['DELETE', '/b/k', false, 'DeleteObject'],
      ['POST', '/b/k?uploads', false, 'CreateMultipartUpload'],
      ['PUT', '/b/k?partNumber=1&uploadId=u', false, 'UploadPart'],
      ['POST', '/b/k?uploadId=u', false, 'CompleteMultipartUpload'],
      ['DELETE', '/b/k?uploadId=u', false, 'AbortMultipartUpload'],
      ['GET', '/b/k?uploadId=u', false, 'ListParts'],
    ];
    for (const [method, url, copy, name] of table) {
      expect(resolve(method, url, copy), `${method} ${url}`).toEqual({ kind: 'supported', name });
    }
  });

  it('names unsupported operations so that NotImplemented can say which', () => {
    expect(resolve('GET', '/b?versioning')).toEqual({ kind: 'not-implemented', name: 'GetBucketVersioning' });
    expect(resolve('PUT', '/b?lifecycle')).toEqual({ kind: 'not-implemented', name: 'PutBucketLifecycleConfiguration' });
    expect(resolve('PUT', '/b/k?tagging')).toEqual({ kind: 'not-implemented', name: 'PutObjectTagging' });
    expect(resolve('PUT', '/b/k?partNumber=1&uploadId=u', true)).toEqual({ kind: 'not-implemented', name: 'UploadPartCopy' });
    expect(resolve('GET', '/b?versions')).toEqual({ kind: 'not-implemented', name: 'ListObjectVersions' });
  });

  it('refuses methods a resource does not have', () => {
    expect(resolve('DELETE', '/')).toMatchObject({ kind: 'method-not-allowed', resourceType: 'SERVICE' });
    expect(resolve('PATCH', '/b')).toMatchObject({ kind: 'method-not-allowed', resourceType: 'BUCKET' });
    expect(resolve('POST', '/b/k')).toMatchObject({ kind: 'method-not-allowed', resourceType: 'OBJECT' });
  });
});

describe('parseRequestTarget', () => {
  it('reads path style, keeping slashes and decoding the key once', () => {
    expect(parseRequestTarget('/models/runs/1/a%20b%2Bc.txt?x=1', '127.0.0.1:9000')).toMatchObject({
      bucket: 'models',
      key: 'runs/1/a b+c.txt',
      style: 'path',
      rawPath: '/models/runs/1/a%20b%2Bc.txt',
    });
    expect(parseRequestTarget('/models/', '127.0.0.1:9000')).toMatchObject({ bucket: 'models', key: undefined });
  });

  it('reads the bucket from a <bucket>.localhost host', () => {
    expect(parseRequestTarget('/runs/1.csv', 'models.localhost:9000')).toMatchObject({ bucket: 'models', key: 'runs/1.csv', style: 'virtual-host' });
    expect(parseRequestTarget('/', 'models.localhost:9000')).toMatchObject({ bucket: 'models', key: undefined });
  });

  it('refuses a path that is not valid percent-encoding', () => {
    expect(() => parseRequestTarget('/models/%E0%A4%A', '127.0.0.1')).toThrow("Couldn't parse the specified URI.");
  });
});
