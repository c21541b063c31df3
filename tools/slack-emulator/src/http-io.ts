import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject, parseJsonOrUndefined } from './json-values.ts';

// Reading request bodies and writing answers, with node:http only.

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(limitBytes));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export type BodyArgs = Record<string, unknown>;

/**
 * Web API arguments from any of the encodings Slack accepts: form, JSON, multipart, and the query
 * string. Undefined means the body could not be read as its content type claims.
 */
export async function parseApiArgs(body: Buffer, contentType: string, query: URLSearchParams): Promise<BodyArgs | undefined> {
  const args: BodyArgs = Object.fromEntries(query);
  if (body.length === 0) return args;
  if (contentType.startsWith('application/json')) {
    const parsed = parseJsonOrUndefined(body.toString('utf8'));
    return isJsonObject(parsed) ? { ...args, ...parsed } : undefined;
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await readMultipart(body, contentType);
    if (form === undefined) return undefined;
    for (const [key, value] of form) if (typeof value === 'string') args[key] = value;
    return args;
  }
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) args[key] = value;
  return args;
}

/** Parses multipart/form-data with the platform's own parser (the one behind `fetch`). */
export async function readMultipart(body: Buffer, contentType: string): Promise<FormData | undefined> {
  try {
    return await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return undefined;
  }
}

/** The bytes of an upload: the first file part of a multipart body, or the raw body. */
export async function uploadedBytes(body: Buffer, contentType: string): Promise<Buffer | undefined> {
  if (!contentType.startsWith('multipart/form-data')) return body;
  const form = await readMultipart(body, contentType);
  if (form === undefined) return undefined;
  for (const [, value] of form) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  // A multipart body with only text parts carries the file as the `file` or `content` field.
  const text = form.get('file') ?? form.get('content');
  return typeof text === 'string' ? Buffer.from(text) : undefined;
}

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(req, limitBytes);
  if (body.length === 0) return {};
  const parsed = parseJsonOrUndefined(body.toString('utf8'));
  return isJsonObject(parsed) ? parsed : undefined;
}
