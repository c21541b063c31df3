// ListObjectsV2 and ListObjects (v1): prefix, delimiter → CommonPrefixes, max-keys, pagination
// (continuation-token / start-after, marker), encoding-type=url.
import { buildListingPage, decodeContinuationToken, encodeContinuationToken } from '../listing.ts';
import { invalidArgument } from '../s3-errors.ts';
import { encodeRfc3986 } from '../sigv4.ts';
import type { ObjectRecord } from '../store/store-types.ts';
import type { XmlContent } from '../xml.ts';
import { S3_XMLNS, xmlElement, xmlElementWithAttributes } from '../xml.ts';
import type { S3HandlerDeps, S3Handler, S3Request } from './handler-types.ts';
import { xmlDate, xmlResponse } from './handler-types.ts';

const MAX_KEYS = 1000;

function parseMaxKeys(request: S3Request): number {
  const text = request.target.query.get('max-keys');
  if (text === undefined) return MAX_KEYS;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text);
  }
  return Math.min(Number(text), MAX_KEYS);
}

function encoder(request: S3Request): (value: string) => string {
  const encodingType = request.target.query.get('encoding-type');
  if (encodingType === undefined) return (value) => value;
  if (encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  return (value) => encodeRfc3986(value).replace(/%2F/g, '/');
}

function contentsElement(object: ObjectRecord, encode: (value: string) => string, owner: XmlContent): XmlContent {
  return xmlElement(
    'Contents',
    xmlElement('Key', encode(object.key)),
    xmlElement('LastModified', xmlDate(object.lastModified)),
    xmlElement('ETag', object.etag),
    object.checksum ? xmlElement('ChecksumAlgorithm', object.checksum.algorithm) : undefined,
    object.checksum ? xmlElement('ChecksumType', object.checksum.type) : undefined,
    xmlElement('Size', object.size),
    owner,
    xmlElement('StorageClass', 'STANDARD'),
  );
}

function ownerElement(deps: S3HandlerDeps): XmlContent {
  return xmlElement('Owner', xmlElement('ID', deps.owner.id), xmlElement('DisplayName', deps.owner.displayName));
}

export const listObjectsV2: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  const { query } = request.target;
  const objects = deps.store.listObjects(bucket);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter');
  const maxKeys = parseMaxKeys(request);
  const encode = encoder(request);
  const continuationToken = query.get('continuation-token');
  const startAfter = query.get('start-after');

  let after: { value: string; isPrefix: boolean } | undefined;
  if (continuationToken !== undefined) {
    after = decodeContinuationToken(continuationToken);
    if (!after) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', continuationToken);
  } else if (startAfter !== undefined && startAfter !== '') {
    after = { value: startAfter, isPrefix: false };
  }
  const page = buildListingPage({
    objects,
    prefix,
    maxKeys,
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(after ? { after: after.value, afterIsPrefix: after.isPrefix } : {}),
  });
  const owner = query.get('fetch-owner') === 'true' ? ownerElement(deps) : undefined;
  return xmlResponse(
    xmlElementWithAttributes(
      'ListBucketResult',
      { xmlns: S3_XMLNS },
      xmlElement('Name', bucket),
      xmlElement('Prefix', encode(prefix)),
      delimiter !== undefined ? xmlElement('Delimiter', encode(delimiter)) : undefined,
      xmlElement('MaxKeys', maxKeys),
      query.has('encoding-type') ? xmlElement('EncodingType', 'url') : undefined,
      xmlElement('KeyCount', page.contents.length + page.commonPrefixes.length),
      xmlElement('IsTruncated', page.isTruncated),
      continuationToken !== undefined ? xmlElement('ContinuationToken', continuationToken) : undefined,
      page.isTruncated && page.last ? xmlElement('NextContinuationToken', encodeContinuationToken(page.last)) : undefined,
      startAfter !== undefined ? xmlElement('StartAfter', encode(startAfter)) : undefined,
      page.contents.map((object) => contentsElement(object, encode, owner)),
      page.commonPrefixes.map((commonPrefix) => xmlElement('CommonPrefixes', xmlElement('Prefix', encode(commonPrefix)))),
    ),
  );
};

export const listObjects: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  const { query } = request.target;
  const objects = deps.store.listObjects(bucket);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter');
  const maxKeys = parseMaxKeys(request);
  const encode = encoder(request);
  const marker = query.get('marker') ?? '';
  // v1 has no opaque token: a NextMarker that is a common prefix resumes after everything under it.
  const markerIsPrefix = delimiter !== undefined && delimiter !== '' && marker.endsWith(delimiter) && marker.startsWith(prefix);
  const page = buildListingPage({
    objects,
    prefix,
    maxKeys,
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(marker !== '' ? { after: marker, afterIsPrefix: markerIsPrefix } : {}),
  });
  const owner = ownerElement(deps);
  return xmlResponse(
    xmlElementWithAttributes(
      'ListBucketResult',
      { xmlns: S3_XMLNS },
      xmlElement('Name', bucket),
      xmlElement('Prefix', encode(prefix)),
      xmlElement('Marker', encode(marker)),
      page.isTruncated && page.last ? xmlElement('NextMarker', encode(page.last.value)) : undefined,
      xmlElement('MaxKeys', maxKeys),
      delimiter !== undefined ? xmlElement('Delimiter', encode(delimiter)) : undefined,
      query.has('encoding-type') ? xmlElement('EncodingType', 'url') : undefined,
      xmlElement('IsTruncated', page.isTruncated),
      page.contents.map((object) => contentsElement(object, encode, owner)),
      page.commonPrefixes.map((commonPrefix) => xmlElement('CommonPrefixes', xmlElement('Prefix', encode(commonPrefix)))),
    ),
  );
};
