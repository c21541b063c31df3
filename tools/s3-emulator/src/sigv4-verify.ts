// Verifies an incoming AWS Signature V4 request, signed either in the Authorization header or in
// a presigned URL's query, the way S3 does: recompute the canonical request from what arrived,
// sign it with the secret of the claimed access key, compare. Returns a result instead of
// throwing so that any server can map failures to its own error format.
import { timingSafeEqual } from 'node:crypto';
import type { ChunkSignatureInput, HeaderPair, QueryPair } from './sigv4.ts';
import {
  buildCanonicalPath,
  buildCanonicalRequest,
  buildStringToSign,
  deriveSigningKeyV4,
  formatAmzDate,
  formatCredentialScope,
  parseAmzDate,
  parseQueryPairs,
  SIGV4_ALGORITHM,
  signStringV4,
  UNSIGNED_PAYLOAD,
} from './sigv4.ts';

export interface IncomingRequestV4 {
  method: string;
  /** The path as it arrived, still percent-encoded, without the query. */
  rawPath: string;
  /** The query as it arrived, without the `?`. */
  rawQuery: string;
  /** Node's `IncomingMessage.rawHeaders`: name, value, name, value, … */
  rawHeaders: readonly string[];
}

export interface VerifyRequestV4Options {
  /** The secret for an access key id, or undefined when the key is unknown. */
  resolveSecret: (accessKeyId: string) => string | undefined;
  region: string;
  /** Default `s3`. */
  service?: string;
  /** Default now. */
  now?: Date;
  /** How far a header-signed request's clock may be off. Default 15 minutes, as S3. */
  maxClockSkewMs?: number;
}

export type SigV4FailureReason =
  | 'missing'
  | 'malformed'
  | 'unknown-access-key'
  | 'signature-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'clock-skew'
  | 'wrong-region';

export type VerifyRequestV4Result =
  | {
      ok: true;
      accessKeyId: string;
      presigned: boolean;
      /** The payload hash the signature covers (a hex digest, UNSIGNED-PAYLOAD or STREAMING-…). */
      payloadHash: string;
      /** Seeds the verification of signed aws-chunked bodies. */
      chunkSigning: ChunkSignatureInput;
    }
  | {
      ok: false;
      reason: SigV4FailureReason;
      /** Which carrier was malformed: the Authorization header or the presigned query. */
      location: 'header' | 'query';
      message: string;
      details: Record<string, string>;
    };

const MAX_PRESIGN_SECONDS = 604800;

interface ParsedSignature {
  location: 'header' | 'query';
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
  /** The query the signature covers (a presigned URL's own signature excluded). */
  query: QueryPair[];
  expiresSeconds?: number;
}

type Failure = Extract<VerifyRequestV4Result, { ok: false }>;

const fail = (reason: SigV4FailureReason, location: 'header' | 'query', message: string, details: Record<string, string> = {}): Failure => ({
  ok: false,
  reason,
  location,
  message,
  details,
});

function headerPairs(rawHeaders: readonly string[]): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i] as string, rawHeaders[i + 1] as string]);
  return pairs;
}

function headerValue(headers: readonly HeaderPair[], name: string): string | undefined {
  return headers.find(([headerName]) => headerName.toLowerCase() === name)?.[1];
}

function parseCredential(credential: string): { accessKeyId: string; date: string; region: string; service: string } | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId = '', date = '', region = '', service = ''] = parts;
  if (accessKeyId === '' || !/^\d{8}$/.test(date) || region === '' || service === '') return undefined;
  return { accessKeyId, date, region, service };
}

function parseHeaderSignature(authorization: string, headers: readonly HeaderPair[], query: QueryPair[]): ParsedSignature | Failure {
  const malformed = (message: string) => fail('malformed', 'header', message);
  if (!authorization.startsWith(`${SIGV4_ALGORITHM} `)) {
    return malformed(`The authorization mechanism you have provided is not supported. Please use ${SIGV4_ALGORITHM}.`);
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) return malformed(`The authorization header is malformed; "${part.trim()}" is not of the form name=value.`);
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credentialText = fields.get('Credential');
  const signedHeadersText = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credentialText === undefined || signedHeadersText === undefined || signature === undefined) {
    return malformed('The authorization header is malformed; it needs Credential, SignedHeaders and Signature.');
  }
  const credential = parseCredential(credentialText);
  if (!credential) {
    return malformed(`The authorization header is malformed; the Credential "${credentialText}" is not <key>/<date>/<region>/<service>/aws4_request.`);
  }
  let amzDate = headerValue(headers, 'x-amz-date');
  if (amzDate === undefined) {
    const date = headerValue(headers, 'date');
    const parsed = date === undefined ? Number.NaN : Date.parse(date);
    if (Number.isNaN(parsed)) return fail('missing', 'header', 'AWS authentication requires a valid Date or x-amz-date header');
    amzDate = formatAmzDate(new Date(parsed));
  }
  return {
    location: 'header',
    accessKeyId: credential.accessKeyId,
    scopeDate: credential.date,
    scopeRegion: credential.region,
    scopeService: credential.service,
    signedHeaders: signedHeadersText.split(';').map((name) => name.trim().toLowerCase()),
    signature,
    amzDate,
    payloadHash: headerValue(headers, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD,
    query,
  };
}

function parseQuerySignature(query: QueryPair[], headers: readonly HeaderPair[]): ParsedSignature | Failure {
  const malformed = (message: string) => fail('malformed', 'query', message);
  const get = (name: string) => query.find(([key]) => key === name)?.[1];
  const algorithm = get('X-Amz-Algorithm');
  if (algorithm !== SIGV4_ALGORITHM) {
    return malformed(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}", got "${algorithm ?? ''}".`);
  }
  const required = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];
  const missing = required.filter((name) => get(name) === undefined);
  if (missing.length > 0) return malformed(`Query-string authentication requires ${missing.join(', ')}.`);
  const credentialText = get('X-Amz-Credential') as string;
  const credential = parseCredential(credentialText);
  if (!credential) return malformed(`X-Amz-Credential "${credentialText}" is not <key>/<date>/<region>/<service>/aws4_request.`);
  const expiresText = get('X-Amz-Expires') as string;
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : Number.NaN;
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
    return malformed(`X-Amz-Expires must be a number of seconds from 1 to ${MAX_PRESIGN_SECONDS} (a week), got "${expiresText}".`);
  }
  return {
    location: 'query',
    accessKeyId: credential.accessKeyId,
    scopeDate: credential.date,
    scopeRegion: credential.region,
    scopeService: credential.service,
    signedHeaders: (get('X-Amz-SignedHeaders') as string).split(';').map((name) => name.trim().toLowerCase()),
    signature: get('X-Amz-Signature') as string,
    amzDate: get('X-Amz-Date') as string,
    payloadHash: get('X-Amz-Content-Sha256') ?? headerValue(headers, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD,
    query: query.filter(([name]) => name !== 'X-Amz-Signature'),
    expiresSeconds: expires,
  };
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifyRequestV4(request: IncomingRequestV4, options: VerifyRequestV4Options): VerifyRequestV4Result {
  const service = options.service ?? 's3';
  const now = options.now ?? new Date();
  const maxSkew = options.maxClockSkewMs ?? 15 * 60 * 1000;
  const headers = headerPairs(request.rawHeaders);
  let query: QueryPair[];
  try {
    query = parseQueryPairs(request.rawQuery);
  } catch {
    return fail('malformed', 'query', 'The query string is not valid percent-encoding.');
  }
  const authorization = headerValue(headers, 'authorization');
  const presigned = query.some(([name]) => name === 'X-Amz-Signature' || name === 'X-Amz-Algorithm' || name === 'X-Amz-Credential');
  if (authorization === undefined && !presigned) return fail('missing', 'header', 'Access Denied');
  if (authorization !== undefined && presigned) {
    return fail('malformed', 'query', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header may be specified.');
  }
  const parsed = authorization !== undefined ? parseHeaderSignature(authorization, headers, query) : parseQuerySignature(query, headers);
  if ('ok' in parsed) return parsed;
  const { location } = parsed;

  const requestTime = parseAmzDate(parsed.amzDate);
  if (!requestTime) return fail('malformed', location, `X-Amz-Date "${parsed.amzDate}" is not of the form YYYYMMDDTHHMMSSZ.`);
  if (parsed.scopeDate !== parsed.amzDate.slice(0, 8)) {
    return fail('malformed', location, `Invalid credential date "${parsed.scopeDate}". Date is not the same as X-Amz-Date.`);
  }
  if (parsed.scopeService !== service) {
    return fail('malformed', location, `The credential should be scoped to the correct service: '${service}'.`);
  }
  if (parsed.scopeRegion !== options.region) {
    return fail('wrong-region', location, `The authorization header is malformed; the region '${parsed.scopeRegion}' is wrong; expecting '${options.region}'`, {
      Region: options.region,
    });
  }

  const secret = options.resolveSecret(parsed.accessKeyId);
  if (secret === undefined) {
    return fail('unknown-access-key', location, 'The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: parsed.accessKeyId,
    });
  }

  if (parsed.expiresSeconds !== undefined) {
    if (requestTime.getTime() - now.getTime() > maxSkew) {
      return fail('not-yet-valid', location, 'Request is not valid yet', { 'X-Amz-Date': parsed.amzDate, ServerTime: now.toISOString() });
    }
    const expiresAt = new Date(requestTime.getTime() + parsed.expiresSeconds * 1000);
    if (now.getTime() > expiresAt.getTime()) {
      return fail('expired', location, 'Request has expired', {
        'X-Amz-Expires': String(parsed.expiresSeconds),
        Expires: expiresAt.toISOString(),
        ServerTime: now.toISOString(),
      });
    }
  } else if (Math.abs(now.getTime() - requestTime.getTime()) > maxSkew) {
    return fail('clock-skew', location, 'The difference between the request time and the current time is too large.', {
      RequestTime: parsed.amzDate,
      ServerTime: now.toISOString(),
      MaxAllowedSkewMilliseconds: String(maxSkew),
    });
  }

  if (!parsed.signedHeaders.includes('host')) {
    return fail('malformed', location, 'The host header must be signed.');
  }

  const scope = { date: parsed.scopeDate, region: parsed.scopeRegion, service };
  const scopeText = formatCredentialScope(scope);
  const signingKey = deriveSigningKeyV4(secret, scope);
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(request.rawPath);
  } catch {
    return fail('malformed', location, 'The request path is not valid percent-encoding.');
  }
  // AWS S3 re-encodes the path itself; some clients sign the path exactly as they sent it. The
  // two differ only for clients that leave characters such as `!` or `*` unencoded.
  const candidatePaths = [...new Set([buildCanonicalPath(decodedPath), request.rawPath])];
  let firstAttempt: { canonicalRequest: string; stringToSign: string } | undefined;
  for (const canonicalPath of candidatePaths) {
    const canonicalRequest = buildCanonicalRequest({
      method: request.method,
      canonicalPath,
      query: parsed.query,
      headers,
      signedHeaders: parsed.signedHeaders,
      payloadHash: parsed.payloadHash,
    });
    const stringToSign = buildStringToSign(parsed.amzDate, scopeText, canonicalRequest);
    if (sameHex(signStringV4(signingKey, stringToSign), parsed.signature)) {
      return {
        ok: true,
        accessKeyId: parsed.accessKeyId,
        presigned: parsed.expiresSeconds !== undefined,
        payloadHash: parsed.payloadHash,
        chunkSigning: { signingKey, amzDate: parsed.amzDate, scope: scopeText, previousSignature: parsed.signature },
      };
    }
    firstAttempt ??= { canonicalRequest, stringToSign };
  }
  return fail(
    'signature-mismatch',
    location,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    {
      AWSAccessKeyId: parsed.accessKeyId,
      SignatureProvided: parsed.signature,
      StringToSign: firstAttempt?.stringToSign ?? '',
      CanonicalRequest: firstAttempt?.canonicalRequest ?? '',
    },
  );
}
