// The headers S3 stores with an object (Content-Type, x-amz-meta-*, …) and gives back on
// GetObject/HeadObject.
import type { IncomingHttpHeaders } from 'node:http';
import { metadataTooLarge } from './s3-errors.ts';
import type { ObjectMetadata } from './store/store-types.ts';

const USER_METADATA_PREFIX = 'x-amz-meta-';
const MAX_USER_METADATA_BYTES = 2 * 1024;
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Content-Encoding without the `aws-chunked` transfer wrapping, which S3 does not store. */
function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const codings = value
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding.toLowerCase() !== 'aws-chunked');
  return codings.length > 0 ? codings.join(',') : undefined;
}

/** Reads the stored metadata from request headers; throws MetadataTooLarge over 2 KB. */
export function parseObjectMetadata(headers: IncomingHttpHeaders): ObjectMetadata {
  const userMetadata: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(USER_METADATA_PREFIX) || value === undefined) continue;
    const key = name.slice(USER_METADATA_PREFIX.length);
    const text = Array.isArray(value) ? value.join(',') : value;
    userMetadata[key] = text;
    bytes += Buffer.byteLength(key) + Buffer.byteLength(text);
  }
  if (bytes > MAX_USER_METADATA_BYTES) throw metadataTooLarge();
  const metadata: ObjectMetadata = {
    contentType: firstHeader(headers, 'content-type') ?? DEFAULT_CONTENT_TYPE,
    userMetadata,
  };
  const contentEncoding = storedContentEncoding(firstHeader(headers, 'content-encoding'));
  if (contentEncoding !== undefined) metadata.contentEncoding = contentEncoding;
  const contentDisposition = firstHeader(headers, 'content-disposition');
  if (contentDisposition !== undefined) metadata.contentDisposition = contentDisposition;
  const contentLanguage = firstHeader(headers, 'content-language');
  if (contentLanguage !== undefined) metadata.contentLanguage = contentLanguage;
  const cacheControl = firstHeader(headers, 'cache-control');
  if (cacheControl !== undefined) metadata.cacheControl = cacheControl;
  const expires = firstHeader(headers, 'expires');
  if (expires !== undefined) metadata.expires = expires;
  return metadata;
}

export function objectMetadataHeaders(metadata: ObjectMetadata): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': metadata.contentType };
  if (metadata.contentEncoding !== undefined) headers['content-encoding'] = metadata.contentEncoding;
  if (metadata.contentDisposition !== undefined) headers['content-disposition'] = metadata.contentDisposition;
  if (metadata.contentLanguage !== undefined) headers['content-language'] = metadata.contentLanguage;
  if (metadata.cacheControl !== undefined) headers['cache-control'] = metadata.cacheControl;
  if (metadata.expires !== undefined) headers['expires'] = metadata.expires;
  for (const [name, value] of Object.entries(metadata.userMetadata)) headers[`${USER_METADATA_PREFIX}${name}`] = value;
  return headers;
}
