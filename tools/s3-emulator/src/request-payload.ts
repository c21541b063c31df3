// Turns the bytes on the wire into the object's bytes and proves them: aws-chunked decoding,
// x-amz-content-sha256, Content-MD5 and the x-amz-checksum-* family (header or trailer).
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { decodeAwsChunked } from './aws-chunked.ts';
import type { ChecksumAlgorithm } from './checksums.ts';
import { checksumAlgorithms, checksumHeaderName, computeChecksumDigest, parseChecksumAlgorithm } from './checksums.ts';
import { firstHeader } from './object-metadata.ts';
import {
  badDigest,
  contentSha256Mismatch,
  incompleteBody,
  invalidDigest,
  invalidRequest,
  malformedTrailer,
  notImplemented,
} from './s3-errors.ts';
import type { ChunkSignatureInput, HeaderPair } from './sigv4.ts';
import { sha256Hex, UNSIGNED_PAYLOAD } from './sigv4.ts';

export interface RequestPayload {
  data: Buffer;
  /** The checksum the client sent (verified unless the emulator cannot compute it: XXHASH*). */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export interface DecodeRequestPayloadOptions {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Present when the request was verified with a header signature: checks signed chunks. */
  chunkSigning?: ChunkSignatureInput;
  /**
   * Default true. CompleteMultipartUpload passes false: there x-amz-checksum-* describes the
   * assembled object, not the XML body.
   */
  verifyChecksums?: boolean;
}

const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';

function decodeBody(options: DecodeRequestPayloadOptions): { data: Buffer; trailers: HeaderPair[] } {
  const { headers, body } = options;
  const contentSha256 = firstHeader(headers, 'x-amz-content-sha256');
  const encoding = (firstHeader(headers, 'content-encoding') ?? '').toLowerCase();
  const isChunked = encoding.split(',').some((coding) => coding.trim() === 'aws-chunked');

  if (contentSha256 !== undefined && contentSha256.startsWith('STREAMING-')) {
    if (contentSha256 !== STREAMING_UNSIGNED_TRAILER && contentSha256 !== STREAMING_SIGNED && contentSha256 !== STREAMING_SIGNED_TRAILER) {
      throw notImplemented(`Streaming upload ${contentSha256}`);
    }
    const signedChunks = contentSha256 !== STREAMING_UNSIGNED_TRAILER;
    const decoded = decodeAwsChunked(body, {
      signedChunks,
      ...(signedChunks && options.chunkSigning ? { verify: options.chunkSigning } : {}),
    });
    if (contentSha256 === STREAMING_SIGNED && decoded.trailers.length > 0) {
      throw malformedTrailer(`${STREAMING_SIGNED} bodies carry no trailing headers; use ${STREAMING_SIGNED_TRAILER}.`);
    }
    const declared = firstHeader(headers, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== decoded.payload.length) {
      throw incompleteBody(
        `x-amz-decoded-content-length says ${declared} bytes but the aws-chunked body decodes to ${decoded.payload.length}.`,
      );
    }
    return { data: decoded.payload, trailers: decoded.trailers };
  }
  if (isChunked) {
    // Some clients send aws-chunked with an unsigned trailer but without the streaming marker.
    const decoded = decodeAwsChunked(body, { signedChunks: false });
    return { data: decoded.payload, trailers: decoded.trailers };
  }
  if (contentSha256 !== undefined && contentSha256 !== UNSIGNED_PAYLOAD) {
    if (!/^[0-9a-f]{64}$/i.test(contentSha256)) {
      throw invalidRequest(
        `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-… value or a SHA-256 hex digest; got "${contentSha256}".`,
      );
    }
    const computed = sha256Hex(body);
    if (computed !== contentSha256.toLowerCase()) throw contentSha256Mismatch(contentSha256, computed);
  }
  return { data: body, trailers: [] };
}

function checkTrailersDeclared(headers: IncomingHttpHeaders, trailers: readonly HeaderPair[]): void {
  const declared = (firstHeader(headers, 'x-amz-trailer') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  for (const name of declared) {
    if (!trailers.some(([trailer]) => trailer === name)) {
      throw malformedTrailer(`The x-amz-trailer header announces ${name} but the body carries no such trailer.`);
    }
  }
  for (const [name] of trailers) {
    if (!declared.includes(name)) throw malformedTrailer(`The body carries trailer ${name} that x-amz-trailer does not announce.`);
  }
}

function findChecksum(headers: IncomingHttpHeaders, trailers: readonly HeaderPair[]): RequestPayload['checksum'] {
  const found: Array<{ algorithm: ChecksumAlgorithm; value: string }> = [];
  for (const algorithm of checksumAlgorithms) {
    const name = checksumHeaderName(algorithm);
    const value = firstHeader(headers, name) ?? trailers.find(([trailer]) => trailer === name)?.[1];
    if (value !== undefined) found.push({ algorithm, value: value.trim() });
  }
  if (found.length > 1) {
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const sdkAlgorithm = firstHeader(headers, 'x-amz-sdk-checksum-algorithm');
  if (sdkAlgorithm !== undefined) {
    const algorithm = parseChecksumAlgorithm(sdkAlgorithm);
    if (!algorithm) throw invalidRequest(`Checksum algorithm ${sdkAlgorithm} is not supported; use one of ${checksumAlgorithms.join(', ')}.`);
    if (found.length === 0 || found[0]?.algorithm !== algorithm) {
      throw invalidRequest(
        `x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-${algorithm.toLowerCase()} or x-amz-trailer headers were found.`,
      );
    }
  }
  return found[0];
}

function verifyChecksum(checksum: NonNullable<RequestPayload['checksum']>, data: Buffer): void {
  const digest = computeChecksumDigest(checksum.algorithm, data);
  if (digest === undefined) return;
  const provided = Buffer.from(checksum.value, 'base64');
  if (provided.length !== digest.length || provided.toString('base64') !== checksum.value) {
    throw invalidRequest(`Value for ${checksumHeaderName(checksum.algorithm)} header is invalid.`);
  }
  if (!provided.equals(digest)) {
    throw badDigest(`The ${checksumHeaderName(checksum.algorithm)} you specified did not match the calculated checksum.`);
  }
}

function verifyContentMd5(headers: IncomingHttpHeaders, data: Buffer): void {
  const contentMd5 = firstHeader(headers, 'content-md5');
  if (contentMd5 === undefined) return;
  const provided = Buffer.from(contentMd5.trim(), 'base64');
  if (provided.length !== 16) throw invalidDigest();
  if (!provided.equals(createHash('md5').update(data).digest())) {
    throw badDigest('The Content-MD5 you specified did not match what we received.');
  }
}

export function decodeRequestPayload(options: DecodeRequestPayloadOptions): RequestPayload {
  const { data, trailers } = decodeBody(options);
  checkTrailersDeclared(options.headers, trailers);
  verifyContentMd5(options.headers, data);
  if (options.verifyChecksums === false) return { data };
  const checksum = findChecksum(options.headers, trailers);
  if (checksum) verifyChecksum(checksum, data);
  return checksum ? { data, checksum } : { data };
}
