// The `aws-chunked` content encoding of S3 streaming uploads, both ways. AWS SDK v3 sends it by
// default for stream bodies (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`, checksum in a trailer); other
// SDKs sign every chunk (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`).
//
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n … 0[;chunk-signature=<sig>]\r\n[<trailers>\r\n]\r\n
import { timingSafeEqual } from 'node:crypto';
import { incompleteBody, malformedTrailer, signatureDoesNotMatch } from './s3-errors.ts';
import type { ChunkSignatureInput, HeaderPair } from './sigv4.ts';
import { signChunkV4, signTrailerV4 } from './sigv4.ts';

export interface DecodeAwsChunkedOptions {
  /** Chunks carry `;chunk-signature=` (the `STREAMING-AWS4-HMAC-SHA256-…` forms). */
  signedChunks: boolean;
  /** When given, each chunk signature and the trailer signature are verified, seeded by it. */
  verify?: ChunkSignatureInput;
}

export interface DecodedAwsChunked {
  payload: Buffer;
  /** Trailing headers (names lower-cased), `x-amz-trailer-signature` excluded. */
  trailers: HeaderPair[];
}

const CRLF = Buffer.from('\r\n');

function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readLine(body: Buffer, from: number): { line: string; next: number } | undefined {
  const end = body.indexOf(CRLF, from);
  if (end === -1) return undefined;
  return { line: body.toString('latin1', from, end), next: end + 2 };
}

/** Decodes a whole aws-chunked body; throws S3 errors for malformed or forged input. */
export function decodeAwsChunked(body: Buffer, options: DecodeAwsChunkedOptions): DecodedAwsChunked {
  const chunks: Buffer[] = [];
  let pos = 0;
  let previousSignature = options.verify?.previousSignature ?? '';

  for (;;) {
    const header = readLine(body, pos);
    if (!header) throw incompleteBody('The aws-chunked body ended inside a chunk header.');
    const [sizeText = '', ...extensions] = header.line.split(';');
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText.trim())) {
      throw incompleteBody(`The aws-chunked body has an invalid chunk size "${sizeText}".`);
    }
    const size = Number.parseInt(sizeText.trim(), 16);
    const signatureExtension = extensions.map((e) => e.trim()).find((e) => e.startsWith('chunk-signature='));
    const chunkSignature = signatureExtension?.slice('chunk-signature='.length);
    if (options.signedChunks && chunkSignature === undefined) {
      throw incompleteBody('A chunk of a signed aws-chunked body has no chunk-signature.');
    }
    pos = header.next;
    if (pos + size > body.length) throw incompleteBody('The aws-chunked body ended inside a chunk.');
    const data = body.subarray(pos, pos + size);
    pos += size;

    if (options.verify && options.signedChunks && chunkSignature !== undefined) {
      const expected = signChunkV4({ ...options.verify, previousSignature }, data);
      if (!sameSignature(expected, chunkSignature)) {
        throw signatureDoesNotMatch({ Detail: 'A chunk signature of the aws-chunked body does not match.' });
      }
      previousSignature = chunkSignature;
    }
    if (size === 0) break;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw incompleteBody('A chunk of the aws-chunked body is longer than its declared size.');
    pos += 2;
    chunks.push(data);
  }

  const trailers: HeaderPair[] = [];
  let trailerSignature: string | undefined;
  while (pos < body.length) {
    const line = readLine(body, pos);
    if (!line) throw malformedTrailer('The trailing headers of the aws-chunked body are not terminated by CRLF.');
    pos = line.next;
    if (line.line === '') break;
    const colon = line.line.indexOf(':');
    if (colon <= 0) throw malformedTrailer(`The trailing header "${line.line}" is not of the form name:value.`);
    const name = line.line.slice(0, colon).trim().toLowerCase();
    const value = line.line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') trailerSignature = value;
    else trailers.push([name, value]);
  }
  if (pos !== body.length) throw incompleteBody('The aws-chunked body has data after its final chunk.');

  if (options.verify && options.signedChunks && trailers.length > 0) {
    if (trailerSignature === undefined) throw malformedTrailer('The signed trailing headers carry no x-amz-trailer-signature.');
    const expected = signTrailerV4({ ...options.verify, previousSignature }, trailers);
    if (!sameSignature(expected, trailerSignature)) {
      throw signatureDoesNotMatch({ Detail: 'The trailer signature of the aws-chunked body does not match.' });
    }
  }
  return { payload: Buffer.concat(chunks), trailers };
}

export interface EncodeAwsChunkedOptions {
  /** Default 64 KiB (S3 wants at least 8 KiB for every chunk but the last). */
  chunkSize?: number;
  /** Sign every chunk (and the trailers), seeded by the request's own signature. */
  signing?: ChunkSignatureInput;
  trailers?: readonly HeaderPair[];
}

/** Encodes a payload as aws-chunked, the counterpart of `decodeAwsChunked`. */
export function encodeAwsChunked(payload: Uint8Array, options: EncodeAwsChunkedOptions = {}): Buffer {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const parts: Buffer[] = [];
  let previousSignature = options.signing?.previousSignature ?? '';
  const chunkHeader = (data: Uint8Array): string => {
    if (!options.signing) return data.length.toString(16);
    previousSignature = signChunkV4({ ...options.signing, previousSignature }, data);
    return `${data.length.toString(16)};chunk-signature=${previousSignature}`;
  };
  for (let offset = 0; offset < payload.length; offset += chunkSize) {
    const data = payload.subarray(offset, Math.min(offset + chunkSize, payload.length));
    parts.push(Buffer.from(`${chunkHeader(data)}\r\n`), Buffer.from(data), CRLF);
  }
  parts.push(Buffer.from(`${chunkHeader(new Uint8Array(0))}\r\n`));
  const trailers = options.trailers ?? [];
  for (const [name, value] of trailers) parts.push(Buffer.from(`${name}:${value}\r\n`));
  if (options.signing && trailers.length > 0) {
    const signature = signTrailerV4({ ...options.signing, previousSignature }, trailers);
    parts.push(Buffer.from(`x-amz-trailer-signature:${signature}\r\n`));
  }
  parts.push(CRLF);
  return Buffer.concat(parts);
}
