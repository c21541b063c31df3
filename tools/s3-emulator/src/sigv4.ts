// AWS Signature Version 4 as S3 uses it: canonical request, string to sign, signing key, and the
// chunk/trailer signatures of streaming uploads. Pure functions over strings and bytes, shared by
// the verifier (what the emulator checks) and the signers (what a hand-made client sends).
import { createHash, createHmac } from 'node:crypto';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface CredentialsV4 {
  accessKeyId: string;
  secretAccessKey: string;
}

export type QueryPair = readonly [name: string, value: string];
export type HeaderPair = readonly [name: string, value: string];

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: string | Uint8Array, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * RFC 3986 encoding as SigV4 defines it: every byte but the unreserved characters is
 * percent-encoded in upper case. encodeURIComponent leaves `!'()*` alone, SigV4 does not.
 */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** S3 signs each path segment encoded once, slashes kept (no normalisation of `.` or `//`). */
export function buildCanonicalPath(decodedPath: string): string {
  return decodedPath.split('/').map(encodeRfc3986).join('/');
}

/**
 * Splits a raw query string into decoded pairs. Unlike URLSearchParams it does not read `+` as a
 * space: SigV4 clients encode spaces as %20, and a literal `+` must stay a `+`.
 */
export function parseQueryPairs(rawQuery: string): QueryPair[] {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (query === '') return [];
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      return [decodeURIComponent(name), decodeURIComponent(value)] as const;
    });
}

export function buildCanonicalQuery(pairs: readonly QueryPair[]): string {
  return pairs
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Values of one header, trimmed and with inner runs of whitespace folded, joined by commas. */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

export interface CanonicalRequestInput {
  method: string;
  /** The path exactly as it is to be signed (already encoded). */
  canonicalPath: string;
  query: readonly QueryPair[];
  headers: readonly HeaderPair[];
  /** Lower-case header names, in any order. */
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function buildCanonicalRequest(input: CanonicalRequestInput): string {
  const signed = [...new Set(input.signedHeaders.map((name) => name.toLowerCase()))].sort();
  const canonicalHeaders = signed
    .map((name) => {
      const values = input.headers.filter(([headerName]) => headerName.toLowerCase() === name).map(([, value]) => value);
      return `${name}:${canonicalHeaderValue(values)}\n`;
    })
    .join('');
  return [
    input.method.toUpperCase(),
    input.canonicalPath,
    buildCanonicalQuery(input.query),
    canonicalHeaders,
    signed.join(';'),
    input.payloadHash,
  ].join('\n');
}

export interface CredentialScope {
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
}

export function formatCredentialScope(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

/** `20130524T000000Z`, the timestamp format of `x-amz-date` and `X-Amz-Date`. */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Reads an `x-amz-date` timestamp; undefined when it is not one. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function buildStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}

export function deriveSigningKeyV4(secretAccessKey: string, scope: CredentialScope): Buffer {
  const dateKey = hmacSha256(`AWS4${secretAccessKey}`, scope.date);
  const regionKey = hmacSha256(dateKey, scope.region);
  const serviceKey = hmacSha256(regionKey, scope.service);
  return hmacSha256(serviceKey, 'aws4_request');
}

export function signStringV4(signingKey: Uint8Array, stringToSign: string): string {
  return hmacSha256(signingKey, stringToSign).toString('hex');
}

export interface ChunkSignatureInput {
  signingKey: Uint8Array;
  amzDate: string;
  scope: string;
  previousSignature: string;
}

/** The signature of one chunk of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body. */
export function signChunkV4(input: ChunkSignatureInput, chunk: Uint8Array): string {
  const stringToSign = [
    'AWS4-HMAC-SHA256-PAYLOAD',
    input.amzDate,
    input.scope,
    input.previousSignature,
    EMPTY_SHA256,
    sha256Hex(chunk),
  ].join('\n');
  return signStringV4(input.signingKey, stringToSign);
}

/** The signature over the trailing headers of a `…-PAYLOAD-TRAILER` body. */
export function signTrailerV4(input: ChunkSignatureInput, trailers: readonly HeaderPair[]): string {
  const canonicalTrailers = trailers.map(([name, value]) => `${name.toLowerCase()}:${value.trim()}\n`).join('');
  const stringToSign = [
    'AWS4-HMAC-SHA256-TRAILER',
    input.amzDate,
    input.scope,
    input.previousSignature,
    sha256Hex(canonicalTrailers),
  ].join('\n');
  return signStringV4(input.signingKey, stringToSign);
}

export interface SignRequestV4Options {
  method: string;
  url: string | URL;
  /** Headers to send and sign; `host`, `x-amz-date` and `x-amz-content-sha256` are added. */
  headers?: Record<string, string>;
  /** Hashed into the signature unless `payloadHash` is given. */
  body?: string | Uint8Array;
  /** Such as `UNSIGNED-PAYLOAD` or `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`. */
  payloadHash?: string;
  credentials: CredentialsV4;
  region: string;
  /** Default `s3`. */
  service?: string;
  /** Default now. */
  date?: Date;
}

export interface SignedRequestV4 {
  url: string;
  method: string;
  /** Every header to send, lower-case names, including `authorization`. */
  headers: Record<string, string>;
  signature: string;
  /** What a streaming body needs to sign its chunks (`signChunkV4`). */
  signing: ChunkSignatureInput;
}

function splitUrl(url: string | URL): { parsed: URL; path: string; query: QueryPair[] } {
  const parsed = new URL(url);
  const raw = parsed.href.slice(parsed.origin.length);
  const queryStart = raw.indexOf('?');
  const hashStart = raw.indexOf('#');
  const end = hashStart === -1 ? raw.length : hashStart;
  const path = queryStart === -1 ? raw.slice(0, end) : raw.slice(0, queryStart);
  const query = queryStart === -1 ? '' : raw.slice(queryStart + 1, end);
  return { parsed, path: decodeURIComponent(path), query: parseQueryPairs(query) };
}

/** Signs a request with an `Authorization: AWS4-HMAC-SHA256 …` header. */
export function signRequestV4(options: SignRequestV4Options): SignedRequestV4 {
  const service = options.service ?? 's3';
  const date = options.date ?? new Date();
  const amzDate = formatAmzDate(date);
  const scope: CredentialScope = { date: amzDate.slice(0, 8), region: options.region, service };
  const { parsed, path, query } = splitUrl(options.url);
  const payloadHash = options.payloadHash ?? sha256Hex(options.body ?? '');

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['host'] = parsed.host;
  headers['x-amz-date'] = amzDate;
  headers['x-amz-content-sha256'] = payloadHash;

  const canonicalRequest = buildCanonicalRequest({
    method: options.method,
    canonicalPath: buildCanonicalPath(path),
    query,
    headers: Object.entries(headers),
    signedHeaders: Object.keys(headers),
    payloadHash,
  });
  const scopeText = formatCredentialScope(scope);
  const signingKey = deriveSigningKeyV4(options.credentials.secretAccessKey, scope);
  const signature = signStringV4(signingKey, buildStringToSign(amzDate, scopeText, canonicalRequest));
  const signedHeaders = Object.keys(headers).sort().join(';');
  headers['authorization'] =
    `${SIGV4_ALGORITHM} Credential=${options.credentials.accessKeyId}/${scopeText}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return {
    url: parsed.href,
    method: options.method.toUpperCase(),
    headers,
    signature,
    signing: { signingKey, amzDate, scope: scopeText, previousSignature: signature },
  };
}

export interface PresignUrlV4Options {
  method: string;
  url: string | URL;
  credentials: CredentialsV4;
  region: string;
  /** 1 to 604800 (a week), as S3 allows. */
  expiresInSeconds: number;
  service?: string;
  date?: Date;
}

/** A URL that carries its own signature in the query (`X-Amz-Signature`), payload unsigned. */
export function presignUrlV4(options: PresignUrlV4Options): string {
  if (!Number.isInteger(options.expiresInSeconds) || options.expiresInSeconds < 1 || options.expiresInSeconds > 604800) {
    throw new RangeError(`expiresInSeconds must be an integer from 1 to 604800, got ${options.expiresInSeconds}`);
  }
  const service = options.service ?? 's3';
  const amzDate = formatAmzDate(options.date ?? new Date());
  const scope: CredentialScope = { date: amzDate.slice(0, 8), region: options.region, service };
  const scopeText = formatCredentialScope(scope);
  const { parsed, path, query } = splitUrl(options.url);
  const signedQuery: QueryPair[] = [
    ...query,
    ['X-Amz-Algorithm', SIGV4_ALGORITHM],
    ['X-Amz-Credential', `${options.credentials.accessKeyId}/${scopeText}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(options.expiresInSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  const canonicalPath = buildCanonicalPath(path);
  const canonicalRequest = buildCanonicalRequest({
    method: options.method,
    canonicalPath,
    query: signedQuery,
    headers: [['host', parsed.host]],
    signedHeaders: ['host'],
    payloadHash: UNSIGNED_PAYLOAD,
  });
  const signingKey = deriveSigningKeyV4(options.credentials.secretAccessKey, scope);
  const signature = signStringV4(signingKey, buildStringToSign(amzDate, scopeText, canonicalRequest));
  const finalQuery = buildCanonicalQuery([...signedQuery, ['X-Amz-Signature', signature]]);
  return `${parsed.origin}${canonicalPath}?${finalQuery}`;
}
