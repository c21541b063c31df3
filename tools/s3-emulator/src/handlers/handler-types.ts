// What every operation handler receives and returns. Handlers are functions from a parsed
// request to a response value; the server does the HTTP writing, so HEAD, errors and faults are
// handled in one place.
import type { IncomingHttpHeaders } from 'node:http';
import type { ChunkSignatureInput } from '../sigv4.ts';
import type { RequestTarget } from '../request-target.ts';
import type { S3Store } from '../store/s3-store.ts';
import type { XmlElement } from '../xml.ts';
import { renderXmlDocument } from '../xml.ts';

export interface S3Request {
  method: string;
  target: RequestTarget;
  headers: IncomingHttpHeaders;
  /** The body exactly as received (still aws-chunked, if it was). */
  body: Buffer;
  /** Present for header-signed requests, to verify signed aws-chunked bodies. */
  chunkSigning?: ChunkSignatureInput;
  /** Where the request came in, `http://host:port`, for Location values. */
  origin: string;
}

export interface S3Owner {
  id: string;
  displayName: string;
}

export interface S3HandlerDeps {
  store: S3Store;
  region: string;
  owner: S3Owner;
  now: () => Date;
  newUploadId: () => string;
}

export interface S3Response {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export type S3Handler = (request: S3Request, deps: S3HandlerDeps) => Promise<S3Response>;

export function xmlResponse(root: XmlElement, headers: Record<string, string> = {}, status = 200): S3Response {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: renderXmlDocument(root) };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): S3Response {
  return { status, headers };
}

/** S3's XML timestamps: ISO 8601 with milliseconds. */
export function xmlDate(iso: string): string {
  return new Date(iso).toISOString();
}

/** S3's header timestamps: RFC 7231 (`Wed, 21 Oct 2015 07:28:00 GMT`). */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}
