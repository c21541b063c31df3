// PutObject, CopyObject, DeleteObject and DeleteObjects.
import { checksumElementName, checksumHeaderName, computeChecksum, parseChecksumAlgorithm } from '../checksums.ts';
import { evaluateConditions } from '../conditions.ts';
import { firstHeader, parseObjectMetadata } from '../object-metadata.ts';
import { decodeRequestPayload } from '../request-payload.ts';
import { S3Error, internalError, invalidArgument, invalidRequest, malformedXml, noSuchKey, preconditionFailed } from '../s3-errors.ts';
import type { ObjectChecksum, ObjectRecord } from '../store/store-types.ts';
import type { XmlNode } from '../xml.ts';
import { childNodes, childText, parseXml, S3_XMLNS, xmlElement, xmlElementWithAttributes } from '../xml.ts';
import type { S3Handler, S3Request } from './handler-types.ts';
import { emptyResponse, xmlDate, xmlResponse } from './handler-types.ts';
import { assertKeyLength, quotedMd5, writeConditionCheck } from './write-support.ts';

function checksumHeaders(checksum: ObjectChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [checksumHeaderName(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

export const putObject: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  const key = request.target.key as string;
  deps.store.requireBucket(bucket);
  assertKeyLength(key);
  const metadata = parseObjectMetadata(request.headers);
  const payload = decodeRequestPayload({
    headers: request.headers,
    body: request.body,
    ...(request.chunkSigning ? { chunkSigning: request.chunkSigning } : {}),
  });
  const object: ObjectRecord = {
    key,
    size: payload.data.length,
    etag: quotedMd5(payload.data),
    lastModified: deps.now().toISOString(),
    metadata,
  };
  if (payload.checksum) object.checksum = { ...payload.checksum, type: 'FULL_OBJECT' };
  await deps.store.putObject(bucket, object, payload.data, writeConditionCheck(request, key));
  return emptyResponse(200, { etag: object.etag, ...checksumHeaders(object.checksum) });
};

interface CopySource {
  bucket: string;
  key: string;
}

function parseCopySource(header: string): CopySource {
  const invalid = () =>
    invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 'x-amz-copy-source', header);
  const [pathPart = '', queryPart] = header.split('?', 2);
  if (queryPart !== undefined) {
    const versionId = new URLSearchParams(queryPart).get('versionId');
    if (versionId !== null && versionId !== 'null') {
      throw invalidArgument('This emulator keeps no object versions; x-amz-copy-source cannot name a versionId.', 'x-amz-copy-source', header);
    }
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    throw invalid();
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

function checkCopySourceConditions(request: S3Request, source: ObjectRecord): void {
  const outcome = evaluateConditions(
    {
      ifMatch: firstHeader(request.headers, 'x-amz-copy-source-if-match'),
      ifNoneMatch: firstHeader(request.headers, 'x-amz-copy-source-if-none-match'),
      ifModifiedSince: firstHeader(request.headers, 'x-amz-copy-source-if-modified-since'),
      ifUnmodifiedSince: firstHeader(request.headers, 'x-amz-copy-source-if-unmodified-since'),
    },
    source,
  );
  // Unlike GetObject, a copy whose source "was not modified" is refused, not answered with 304.
  if (outcome.kind === 'precondition-failed') throw preconditionFailed(`x-amz-copy-source-${outcome.condition}`);
  if (outcome.kind === 'not-modified') throw preconditionFailed('x-amz-copy-source-If-None-Match or If-Modified-Since');
}

export const copyObject: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  const key = request.target.key as string;
  deps.store.requireBucket(bucket);
  assertKeyLength(key);
  const source = parseCopySource(firstHeader(request.headers, 'x-amz-copy-source') ?? '');
  const sourceObject = deps.store.getObject(source.bucket, source.key);
  if (!sourceObject) throw noSuchKey(source.key);
  checkCopySourceConditions(request, sourceObject);

  const directive = (firstHeader(request.headers, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  }
  const algorithmHeader = firstHeader(request.headers, 'x-amz-checksum-algorithm');
  const algorithm = algorithmHeader === undefined ? undefined : parseChecksumAlgorithm(algorithmHeader);
  if (algorithmHeader !== undefined && !algorithm) {
    throw invalidArgument(`Checksum algorithm ${algorithmHeader} is not supported.`, 'x-amz-checksum-algorithm', algorithmHeader);
  }
  if (source.bucket === bucket && source.key === key && directive === 'COPY' && !algorithm) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }

  const data = await deps.store.readObject(source.bucket, sourceObject);
  const object: ObjectRecord = {
    key,
    size: data.length,
    etag: quotedMd5(data),
    lastModified: deps.now().toISOString(),
    metadata: directive === 'REPLACE' ? parseObjectMetadata(request.headers) : sourceObject.metadata,
  };
  const newChecksum = algorithm ? computeChecksum(algorithm, data) : undefined;
  if (algorithm && newChecksum !== undefined) {
    object.checksum = { algorithm, value: newChecksum, type: 'FULL_OBJECT' };
  } else if (sourceObject.checksum?.type === 'FULL_OBJECT') {
    object.checksum = sourceObject.checksum;
  }
  await deps.store.putObject(bucket, object, data, writeConditionCheck(request, key));
  return xmlResponse(
    xmlElementWithAttributes(
      'CopyObjectResult',
      { xmlns: S3_XMLNS },
      xmlElement('LastModified', xmlDate(object.lastModified)),
      xmlElement('ETag', object.etag),
      object.checksum ? xmlElement('ChecksumType', object.checksum.type) : undefined,
      object.checksum ? xmlElement(checksumElementName(object.checksum.algorithm), object.checksum.value) : undefined,
    ),
  );
};

export const deleteObject: S3Handler = async (request, deps) => {
  await deps.store.deleteObject(request.target.bucket as string, request.target.key as string);
  return emptyResponse(204);
};

const MAX_DELETE_KEYS = 1000;

function parseDeleteRequest(body: Buffer): { quiet: boolean; keys: string[] } {
  let root: XmlNode;
  try {
    root = parseXml(body.toString('utf8'));
  } catch {
    throw malformedXml();
  }
  if (root.name !== 'Delete') throw malformedXml();
  const objects = childNodes(root, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformedXml();
  const keys = objects.map((object) => {
    const key = childText(object, 'Key');
    if (key === undefined || key === '') throw malformedXml();
    return key;
  });
  return { quiet: childText(root, 'Quiet')?.trim().toLowerCase() === 'true', keys };
}

export const deleteObjects: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  deps.store.requireBucket(bucket);
  const payload = decodeRequestPayload({
    headers: request.headers,
    body: request.body,
    ...(request.chunkSigning ? { chunkSigning: request.chunkSigning } : {}),
  });
  const { quiet, keys } = parseDeleteRequest(payload.data);
  const results = [];
  for (const key of keys) {
    try {
      await deps.store.deleteObject(bucket, key);
      if (!quiet) results.push(xmlElement('Deleted', xmlElement('Key', key)));
    } catch (error) {
      const s3Error = error instanceof S3Error ? error : internalError();
      results.push(xmlElement('Error', xmlElement('Key', key), xmlElement('Code', s3Error.code), xmlElement('Message', s3Error.message)));
    }
  }
  return xmlResponse(xmlElementWithAttributes('DeleteResult', { xmlns: S3_XMLNS }, results));
};
