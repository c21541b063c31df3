// Reading bodies and writing answers, with the real server's limits and media types.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { KubeStatus } from './kube-status.ts';
import { decodeProtobufObject, protobufMediaType } from './protobuf-body.ts';
import { KubeStatusError, badRequestError, requestEntityTooLargeError, unsupportedMediaTypeError } from './kube-status.ts';

/** The real server refuses request bodies over 3 MiB. */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

export async function readBody(request: IncomingMessage, limitBytes = maxRequestBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limitBytes) throw requestEntityTooLargeError(limitBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** A create or update body: JSON, YAML, or protobuf for the kinds kubectl sends that way. */
export function parseObjectBody(body: Buffer, contentType: string | undefined): unknown {
  const mediaType = mediaTypeOf(contentType);
  const text = body.toString('utf8');
  if (mediaType === 'application/json' || mediaType === '') return parseJsonBody(text);
  if (mediaType === 'application/yaml') {
    try {
      return parseYaml(text) as unknown;
    } catch (error) {
      throw badRequestError(`error converting YAML to JSON: ${(error as Error).message}`);
    }
  }
  // kubectl's typed commands (create secret, configmap, namespace) send protobuf.
  if (mediaType === protobufMediaType) return decodeProtobufObject(body);
  throw unsupportedMediaTypeError(['application/json', 'application/yaml']);
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw badRequestError('the request body is empty: a JSON object was expected');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequestError(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

export type ResponseShape =
  | { as: 'object' }
  | { as: 'Table'; apiVersion: string }
  | { as: 'PartialObjectMetadata'; apiVersion: string };

/** What the client's Accept header asks for: plain objects, a Table, or metadata only. */
export function negotiateResponseShape(accept: string | undefined): ResponseShape {
  for (const entry of (accept ?? '').split(',')) {
    const [type = '', ...parameterParts] = entry.split(';').map((part) => part.trim());
    const parameters = new Map(
      parameterParts.map((part) => {
        const [key = '', value = ''] = part.split('=');
        return [key.trim().toLowerCase(), value.trim()] as const;
      }),
    );
    if (!['application/json', 'application/*', '*/*'].includes(type.toLowerCase())) continue;
    const as = parameters.get('as');
    if (as === undefined) return { as: 'object' };
    const version = parameters.get('v');
    if (parameters.get('g') !== 'meta.k8s.io' || (version !== 'v1' && version !== 'v1beta1')) continue;
    if (as === 'Table') return { as: 'Table', apiVersion: `meta.k8s.io/${version}` };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
      return { as: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}` };
    }
  }
  return { as: 'object' };
}

export function contentTypeFor(shape: ResponseShape): string {
  return shape.as === 'object' ? 'application/json' : `application/json;as=${shape.as};g=meta.k8s.io;v=${shape.apiVersion.split('/')[1] ?? 'v1'}`;
}

export function sendJson(
  response: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  response.end(text);
}

export function sendStatus(response: ServerResponse, status: KubeStatus, headers: Record<string, string> = {}): void {
  sendJson(response, status.code, status, headers);
}

export function sendError(response: ServerResponse, error: KubeStatusError): void {
  sendStatus(response, error.status, error.headers);
}

export function isKubeStatusError(error: unknown): error is KubeStatusError {
  return error instanceof KubeStatusError;
}
