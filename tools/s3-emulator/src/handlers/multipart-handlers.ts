// Multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
// AbortMultipartUpload, ListParts, ListMultipartUploads.
import { createHash } from 'node:crypto';
import type { ChecksumAlgorithm, ChecksumType } from '../checksums.ts';
import {
  checksumAlgorithms,
  checksumElementName,
  checksumHeaderName,
  checksumTypes,
  computeChecksum,
  computeCompositeChecksum,
  defaultChecksumType,
  parseChecksumAlgorithm,
} from '../checksums.ts';
import { firstHeader, parseObjectMetadata } from '../object-metadata.ts';
import { decodeRequestPayload } from '../request-payload.ts';
import {
  badDigest,
  entityTooSmall,
  invalidArgument,
  invalidPart,
  invalidPartOrder,
  invalidRequest,
  malformedXml,
  noSuchUpload,
  notImplemented,
} from '../s3-errors.ts';
import { compareKeys } from '../store/s3-store.ts';
import type { ObjectRecord, PartRecord, UploadRecord } from '../store/store-types.ts';
import type { XmlContent, XmlNode } from '../xml.ts';
import { childNodes, childText, parseXml, S3_XMLNS, xmlElement, xmlElementWithAttributes } from '../xml.ts';
import type { S3HandlerDeps, S3Handler, S3Request } from './handler-types.ts';
import { emptyResponse, xmlDate, xmlResponse } from './handler-types.ts';
import { assertKeyLength, quotedMd5, writeConditionCheck } from './write-support.ts';

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10000;

function requireUpload(request: S3Request, deps: S3HandlerDeps): UploadRecord {
  const bucket = request.target.bucket as string;
  deps.store.requireBucket(bucket);
  const uploadId = request.target.query.get('uploadId') ?? '';
  const upload = deps.store.getUpload(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== request.target.key) throw noSuchUpload(uploadId);
  return upload;
}

function ownerElements(deps: S3HandlerDeps): XmlContent[] {
  const inner = [xmlElement('ID', deps.owner.id), xmlElement('DisplayName', deps.owner.displayName)];
  return [xmlElement('Initiator', inner), xmlElement('Owner', inner)];
}

function readChecksumSettings(request: S3Request): { algorithm?: ChecksumAlgorithm; type?: ChecksumType } {
  const algorithmHeader = firstHeader(request.headers, 'x-amz-checksum-algorithm');
  const typeHeader = firstHeader(request.headers, 'x-amz-checksum-type');
  if (algorithmHeader === undefined) {
    if (typeHeader !== undefined) throw invalidRequest('x-amz-checksum-type requires x-amz-checksum-algorithm.');
    return {};
  }
  const algorithm = parseChecksumAlgorithm(algorithmHeader);
  if (!algorithm) {
    throw invalidArgument(
      `Checksum algorithm ${algorithmHeader} is not supported; use one of ${checksumAlgorithms.join(', ')}.`,
      'x-amz-checksum-algorithm',
      algorithmHeader,
    );
  }
  const type = typeHeader === undefined ? defaultChecksumType(algorithm) : (typeHeader.toUpperCase() as ChecksumType);
  if (!checksumTypes.includes(type)) {
    throw invalidArgument(`x-amz-checksum-type must be COMPOSITE or FULL_OBJECT, got ${typeHeader}.`, 'x-amz-checksum-type', typeHeader);
  }
  const isCrc = algorithm.startsWith('CRC');
  if (type === 'FULL_OBJECT' && !isCrc) {
    throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  }
  return { algorithm, type };
}

function checksumResponseHeaders(upload: UploadRecord): Record<string, string> {
  if (!upload.checksumAlgorithm) return {};
  return { 'x-amz-checksum-algorithm': upload.checksumAlgorithm, 'x-amz-checksum-type': upload.checksumType ?? 'COMPOSITE' };
}

export const createMultipartUpload: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  const key = request.target.key as string;
  deps.store.requireBucket(bucket);
  assertKeyLength(key);
  const { algorithm, type } = readChecksumSettings(request);
  const upload: UploadRecord = {
    uploadId: deps.newUploadId(),
    bucket,
    key,
    initiated: deps.now().toISOString(),
    metadata: parseObjectMetadata(request.headers),
    ...(algorithm ? { checksumAlgorithm: algorithm } : {}),
    ...(type ? { checksumType: type } : {}),
  };
  await deps.store.createUpload(upload);
  return xmlResponse(
    xmlElementWithAttributes(
      'InitiateMultipartUploadResult',
      { xmlns: S3_XMLNS },
      xmlElement('Bucket', bucket),
      xmlElement('Key', key),
      xmlElement('UploadId', upload.uploadId),
    ),
    checksumResponseHeaders(upload),
  );
};

function parsePartNumber(text: string | undefined): number {
  if (text === undefined || !/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > MAX_PART_NUMBER) {
    throw invalidArgument(`Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, 'partNumber', text ?? '');
  }
  return Number(text);
}

export const uploadPart: S3Handler = async (request, deps) => {
  const upload = requireUpload(request, deps);
  const partNumber = parsePartNumber(request.target.query.get('partNumber'));
  const payload = decodeRequestPayload({
    headers: request.headers,
    body: request.body,
    ...(request.chunkSigning ? { chunkSigning: request.chunkSigning } : {}),
  });
  const checksums: PartRecord['checksums'] = {};
  if (payload.checksum) {
    if (upload.checksumAlgorithm && payload.checksum.algorithm !== upload.checksumAlgorithm) {
      throw invalidRequest(
        `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${payload.checksum.algorithm.toLowerCase()}`,
      );
    }
    checksums[payload.checksum.algorithm] = payload.checksum.value;
  }
  // Lenient where S3 is strict: a part sent without the upload's checksum gets it computed here.
  if (upload.checksumAlgorithm && checksums[upload.checksumAlgorithm] === undefined) {
    const computed = computeChecksum(upload.checksumAlgorithm, payload.data);
    if (computed !== undefined) checksums[upload.checksumAlgorithm] = computed;
  }
  const part: PartRecord = {
    partNumber,
    etag: quotedMd5(payload.data),
    size: payload.data.length,
    lastModified: deps.now().toISOString(),
    checksums,
  };
  await deps.store.putPart(upload.uploadId, part, payload.data);
  const headers: Record<string, string> = { etag: part.etag };
  for (const [algorithm, value] of Object.entries(checksums)) headers[checksumHeaderName(algorithm as ChecksumAlgorithm)] = value;
  return emptyResponse(200, headers);
};

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

function parseCompleteRequest(body: Buffer): RequestedPart[] {
  let root: XmlNode;
  try {
    root = parseXml(body.toString('utf8'));
  } catch {
    throw malformedXml();
  }
  if (root.name !== 'CompleteMultipartUpload') throw malformedXml();
  const parts = childNodes(root, 'Part');
  if (parts.length === 0) throw malformedXml();
  return parts.map((node) => {
    const numberText = childText(node, 'PartNumber')?.trim();
    const etag = childText(node, 'ETag')?.trim();
    if (numberText === undefined || !/^\d+$/.test(numberText) || etag === undefined) throw malformedXml();
    const checksums: RequestedPart['checksums'] = {};
    for (const algorithm of checksumAlgorithms) {
      const value = childText(node, checksumElementName(algorithm))?.trim();
      if (value !== undefined) checksums[algorithm] = value;
    }
    return { partNumber: Number(numberText), etag, checksums };
  });
}

const bareEtag = (etag: string) => etag.replace(/^"|"$/g, '');

/** Matches the requested parts against the uploaded ones, in S3's order of checks. */
function selectParts(upload: UploadRecord, requested: RequestedPart[], uploaded: PartRecord[]): PartRecord[] {
  for (let i = 1; i < requested.length; i += 1) {
    if ((requested[i] as RequestedPart).partNumber <= (requested[i - 1] as RequestedPart).partNumber) throw invalidPartOrder();
  }
  const byNumber = new Map(uploaded.map((part) => [part.partNumber, part]));
  const selected = requested.map((wanted) => {
    const part = byNumber.get(wanted.partNumber);
    if (!part || bareEtag(part.etag) !== bareEtag(wanted.etag)) throw invalidPart(wanted.partNumber);
    for (const [algorithm, value] of Object.entries(wanted.checksums)) {
      if (part.checksums[algorithm as ChecksumAlgorithm] !== value) throw invalidPart(wanted.partNumber);
    }
    if (upload.checksumAlgorithm && upload.checksumType === 'COMPOSITE' && wanted.checksums[upload.checksumAlgorithm] === undefined) {
      throw invalidRequest(
        `The upload was created using a ${upload.checksumAlgorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${wanted.partNumber} in the request.`,
      );
    }
    return part;
  });
  selected.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_SIZE) throw entityTooSmall(part.partNumber, part.size);
  });
  return selected;
}

export const completeMultipartUpload: S3Handler = async (request, deps) => {
  const upload = requireUpload(request, deps);
  const payload = decodeRequestPayload({
    headers: request.headers,
    body: request.body,
    verifyChecksums: false,
    ...(request.chunkSigning ? { chunkSigning: request.chunkSigning } : {}),
  });
  const parts = selectParts(upload, parseCompleteRequest(payload.data), deps.store.listParts(upload.uploadId));
  const bodies = await Promise.all(parts.map((part) => deps.store.readPart(upload.uploadId, part.partNumber)));

  const md5s = parts.map((part) => Buffer.from(bareEtag(part.etag), 'hex'));
  const object: ObjectRecord = {
    key: upload.key,
    size: bodies.reduce((total, body) => total + body.length, 0),
    etag: `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${parts.length}"`,
    lastModified: deps.now().toISOString(),
    metadata: upload.metadata,
    partsCount: parts.length,
  };
  const algorithm = upload.checksumAlgorithm;
  if (algorithm) {
    const type = upload.checksumType ?? defaultChecksumType(algorithm);
    const value =
      type === 'FULL_OBJECT'
        ? computeChecksum(algorithm, bodies)
        : computeCompositeChecksum(algorithm, parts.map((part) => part.checksums[algorithm] as string));
    const expected = firstHeader(request.headers, checksumHeaderName(algorithm));
    if (type === 'FULL_OBJECT' && expected !== undefined && value !== undefined && expected !== value) {
      throw badDigest(`The ${checksumHeaderName(algorithm)} you specified did not match the calculated checksum.`);
    }
    if (value !== undefined) object.checksum = { algorithm, value, type };
  }
  await deps.store.putObject(upload.bucket, object, bodies, writeConditionCheck(request, upload.key));
  await deps.store.removeUpload(upload.uploadId);
  const location = `${request.origin}/${upload.bucket}/${upload.key.split('/').map(encodeURIComponent).join('/')}`;
  return xmlResponse(
    xmlElementWithAttributes(
      'CompleteMultipartUploadResult',
      { xmlns: S3_XMLNS },
      xmlElement('Location', location),
      xmlElement('Bucket', upload.bucket),
      xmlElement('Key', upload.key),
      xmlElement('ETag', object.etag),
      object.checksum ? xmlElement(checksumElementName(object.checksum.algorithm), object.checksum.value) : undefined,
      object.checksum ? xmlElement('ChecksumType', object.checksum.type) : undefined,
    ),
  );
};

export const abortMultipartUpload: S3Handler = async (request, deps) => {
  const upload = requireUpload(request, deps);
  await deps.store.removeUpload(upload.uploadId);
  return emptyResponse(204);
};

function parseLimit(request: S3Request, name: string): number {
  const text = request.target.query.get(name);
  if (text === undefined) return 1000;
  if (!/^\d+$/.test(text)) throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, text);
  return Math.min(Number(text), 1000);
}

export const listParts: S3Handler = async (request, deps) => {
  const upload = requireUpload(request, deps);
  const maxParts = parseLimit(request, 'max-parts');
  const markerText = request.target.query.get('part-number-marker') ?? '0';
  if (!/^\d+$/.test(markerText)) throw invalidArgument('Provided part-number-marker not an integer', 'part-number-marker', markerText);
  const marker = Number(markerText);
  const remaining = deps.store.listParts(upload.uploadId).filter((part) => part.partNumber > marker);
  const page = remaining.slice(0, maxParts);
  const isTruncated = remaining.length > page.length;
  return xmlResponse(
    xmlElementWithAttributes(
      'ListPartsResult',
      { xmlns: S3_XMLNS },
      xmlElement('Bucket', upload.bucket),
      xmlElement('Key', upload.key),
      xmlElement('UploadId', upload.uploadId),
      xmlElement('PartNumberMarker', marker),
      xmlElement('NextPartNumberMarker', page.at(-1)?.partNumber ?? marker),
      xmlElement('MaxParts', maxParts),
      xmlElement('IsTruncated', isTruncated),
      page.map((part) =>
        xmlElement(
          'Part',
          xmlElement('PartNumber', part.partNumber),
          xmlElement('LastModified', xmlDate(part.lastModified)),
          xmlElement('ETag', part.etag),
          xmlElement('Size', part.size),
          Object.entries(part.checksums).map(([algorithm, value]) =>
            xmlElement(checksumElementName(algorithm as ChecksumAlgorithm), value),
          ),
        ),
      ),
      ownerElements(deps),
      xmlElement('StorageClass', 'STANDARD'),
      upload.checksumAlgorithm ? xmlElement('ChecksumAlgorithm', upload.checksumAlgorithm) : undefined,
      upload.checksumType ? xmlElement('ChecksumType', upload.checksumType) : undefined,
    ),
  );
};

export const listMultipartUploads: S3Handler = async (request, deps) => {
  const bucket = request.target.bucket as string;
  deps.store.requireBucket(bucket);
  const { query } = request.target;
  if (query.has('delimiter')) throw notImplemented('ListMultipartUploads with delimiter');
  const prefix = query.get('prefix') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const maxUploads = parseLimit(request, 'max-uploads');
  const uploadIdMarker = query.get('upload-id-marker') ?? '';
  const candidates = deps.store.listUploads(bucket).filter((upload) => upload.key.startsWith(prefix));
  // Several uploads may share a key: with an upload-id-marker, resume right after that upload.
  const markerIndex = candidates.findIndex((upload) => upload.key === keyMarker && upload.uploadId === uploadIdMarker);
  const remaining =
    markerIndex !== -1
      ? candidates.slice(markerIndex + 1)
      : candidates.filter((upload) => keyMarker === '' || compareKeys(upload.key, keyMarker) > 0);
  const page = remaining.slice(0, maxUploads);
  const isTruncated = remaining.length > page.length;
  const last = page.at(-1);
  return xmlResponse(
    xmlElementWithAttributes(
      'ListMultipartUploadsResult',
      { xmlns: S3_XMLNS },
      xmlElement('Bucket', bucket),
      xmlElement('KeyMarker', keyMarker),
      xmlElement('UploadIdMarker', uploadIdMarker),
      isTruncated && last ? xmlElement('NextKeyMarker', last.key) : undefined,
      isTruncated && last ? xmlElement('NextUploadIdMarker', last.uploadId) : undefined,
      xmlElement('Prefix', prefix),
      xmlElement('MaxUploads', maxUploads),
      xmlElement('IsTruncated', isTruncated),
      page.map((upload) =>
        xmlElement(
          'Upload',
          xmlElement('Key', upload.key),
          xmlElement('UploadId', upload.uploadId),
          ownerElements(deps),
          xmlElement('StorageClass', 'STANDARD'),
          xmlElement('Initiated', xmlDate(upload.initiated)),
          upload.checksumAlgorithm ? xmlElement('ChecksumAlgorithm', upload.checksumAlgorithm) : undefined,
          upload.checksumType ? xmlElement('ChecksumType', upload.checksumType) : undefined,
        ),
      ),
    ),
  );
};
