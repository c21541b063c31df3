// GetObject and HeadObject: conditional requests, byte ranges, stored headers, response-* overrides
// and (with x-amz-checksum-mode: ENABLED) the stored checksum.
import { checksumHeaderName } from '../checksums.ts';
import { evaluateConditions } from '../conditions.ts';
import { firstHeader, objectMetadataHeaders } from '../object-metadata.ts';
import { parseRangeHeader } from '../range.ts';
import { invalidRange, noSuchKey, notImplemented, preconditionFailed } from '../s3-errors.ts';
import type { ObjectRecord } from '../store/store-types.ts';
import type { S3Handler, S3Request, S3Response } from './handler-types.ts';
import { emptyResponse, httpDate } from './handler-types.ts';

// Query parameters that override response headers, as presigned download links use them.
const responseOverrides: Record<string, string> = {
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-content-type': 'content-type',
  'response-expires': 'expires',
};

function baseHeaders(object: ObjectRecord): Record<string, string> {
  return { etag: object.etag, 'last-modified': httpDate(object.lastModified) };
}

interface PreparedRead {
  object: ObjectRecord;
  response: S3Response;
  range?: { start: number; end: number };
}

function prepareRead(request: S3Request, object: ObjectRecord | undefined, key: string, withOverrides: boolean): PreparedRead | S3Response {
  if (!object) throw noSuchKey(key);
  if (request.target.query.has('partNumber')) throw notImplemented(`${request.method === 'HEAD' ? 'HeadObject' : 'GetObject'} with partNumber`);
  const outcome = evaluateConditions(
    {
      ifMatch: firstHeader(request.headers, 'if-match'),
      ifNoneMatch: firstHeader(request.headers, 'if-none-match'),
      ifModifiedSince: firstHeader(request.headers, 'if-modified-since'),
      ifUnmodifiedSince: firstHeader(request.headers, 'if-unmodified-since'),
    },
    object,
  );
  if (outcome.kind === 'precondition-failed') throw preconditionFailed(outcome.condition);
  if (outcome.kind === 'not-modified') return emptyResponse(304, baseHeaders(object));

  const headers: Record<string, string> = {
    ...objectMetadataHeaders(object.metadata),
    ...baseHeaders(object),
    'accept-ranges': 'bytes',
  };
  if (withOverrides) {
    for (const [param, header] of Object.entries(responseOverrides)) {
      const value = request.target.query.get(param);
      if (value !== undefined) headers[header] = value;
    }
  }
  const rangeHeader = firstHeader(request.headers, 'range');
  const range = parseRangeHeader(rangeHeader, object.size);
  if (range.kind === 'unsatisfiable') throw invalidRange(rangeHeader ?? '', object.size);
  if (range.kind === 'satisfiable') {
    const { start, end } = range.range;
    headers['content-range'] = `bytes ${start}-${end}/${object.size}`;
    headers['content-length'] = String(end - start + 1);
    return { object, range: range.range, response: { status: 206, headers } };
  }
  // A checksum describes the whole object, so S3 only sends it with whole-object reads.
  if (object.checksum && firstHeader(request.headers, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED') {
    headers[checksumHeaderName(object.checksum.algorithm)] = object.checksum.value;
    headers['x-amz-checksum-type'] = object.checksum.type;
  }
  headers['content-length'] = String(object.size);
  return { object, response: { status: 200, headers } };
}

export const getObject: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  const key = request.target.key as string;
  const prepared = prepareRead(request, deps.store.getObject(bucket, key), key, true);
  if (!('object' in prepared)) return prepared;
  const body = await deps.store.readObject(bucket, prepared.object, prepared.range);
  return { ...prepared.response, body };
};

export const headObject: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  const key = request.target.key as string;
  const prepared = prepareRead(request, deps.store.getObject(bucket, key), key, false);
  return 'object' in prepared ? prepared.response : prepared;
};
