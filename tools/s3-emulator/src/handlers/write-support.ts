// Checks shared by every operation that creates an object (PutObject, CopyObject,
// CompleteMultipartUpload): key length and the conditional-write headers.
import { createHash } from 'node:crypto';
import { firstHeader } from '../object-metadata.ts';
import { keyTooLong, noSuchKey, notImplemented, preconditionFailed } from '../s3-errors.ts';
import type { ObjectRecord } from '../store/store-types.ts';
import type { S3Request } from './handler-types.ts';

const MAX_KEY_BYTES = 1024;

export function assertKeyLength(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw keyTooLong();
}

export function quotedMd5(data: Uint8Array | readonly Uint8Array[]): string {
  const hash = createHash('md5');
  for (const chunk of data instanceof Uint8Array ? [data] : data) hash.update(chunk);
  return `"${hash.digest('hex')}"`;
}

/**
 * S3's conditional writes: `If-None-Match: *` refuses to overwrite, `If-Match: <etag>` refuses
 * unless the current object has that ETag. Returns the check the store runs under the key's lock.
 */
export function writeConditionCheck(request: S3Request, key: string): ((current: ObjectRecord | undefined) => void) | undefined {
  const ifNoneMatch = firstHeader(request.headers, 'if-none-match');
  const ifMatch = firstHeader(request.headers, 'if-match');
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw notImplemented('Conditional write with If-None-Match other than *');
  }
  return (current) => {
    if (ifNoneMatch !== undefined && current) throw preconditionFailed('If-None-Match');
    if (ifMatch !== undefined) {
      if (!current) throw noSuchKey(key);
      const wanted = ifMatch.trim().replace(/^"|"$/g, '');
      if (wanted !== '*' && `"${wanted}"` !== current.etag) throw preconditionFailed('If-Match');
    }
  };
}
