// One HTTP request through the emulator: control-plane endpoints aside, it is routed to an S3
// operation, put through the faults, authenticated (SigV4), handled, and written back, with
// every failure turned into an S3 `<Error>` document.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTROL_PATH_PREFIX, handleControlRequest } from './control-plane.ts';
import type { FaultInjector } from './faults.ts';
import type { S3HandlerDeps, S3Request, S3Response } from './handlers/handler-types.ts';
import { operationHandlers } from './handlers/operation-handlers.ts';
import { resolveOperation } from './operations.ts';
import type { RequestTarget } from './request-target.ts';
import { bucketFromHost, parseRequestTarget } from './request-target.ts';
import {
  S3Error,
  accessDenied,
  authorizationHeaderMalformed,
  authorizationQueryParametersError,
  internalError,
  invalidAccessKeyId,
  invalidRequest,
  methodNotAllowed,
  notImplemented,
  serviceUnavailable,
  signatureDoesNotMatch,
  slowDown,
} from './s3-errors.ts';
import type { ChunkSignatureInput } from './sigv4.ts';
import type { VerifyRequestV4Result } from './sigv4-verify.ts';
import { verifyRequestV4 } from './sigv4-verify.ts';
import type { S3Store } from './store/s3-store.ts';
import { renderXmlDocument, xmlElement } from './xml.ts';

export interface S3RequestListenerOptions {
  store: S3Store;
  faults: FaultInjector;
  region: string;
  /** The one credential pair accepted, or false to accept unsigned requests. */
  credentials: false | { accessKeyId: string; secretAccessKey: string };
  log: (message: string) => void;
  now?: () => Date;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

function authFailure(result: Extract<VerifyRequestV4Result, { ok: false }>): S3Error {
  switch (result.reason) {
    case 'missing':
      return accessDenied(result.message);
    case 'unknown-access-key':
      return invalidAccessKeyId(result.details['AWSAccessKeyId'] ?? '');
    case 'signature-mismatch':
      return signatureDoesNotMatch(result.details);
    case 'expired':
    case 'not-yet-valid':
      return accessDenied(result.message, result.details);
    case 'clock-skew':
      return new S3Error('RequestTimeTooSkewed', 403, result.message, result.details);
    case 'wrong-region':
    case 'malformed': {
      const error =
        result.location === 'query' ? authorizationQueryParametersError(result.message) : authorizationHeaderMalformed(result.message);
      return new S3Error(error.code, error.status, error.message, result.details);
    }
  }
}

function renderError(error: S3Error, requestId: string, target: RequestTarget | undefined): string {
  return renderXmlDocument(
    xmlElement(
      'Error',
      xmlElement('Code', error.code),
      xmlElement('Message', error.message),
      Object.entries(error.details).map(([name, value]) => xmlElement(name, value)),
      target?.bucket !== undefined && error.details['BucketName'] === undefined ? xmlElement('BucketName', target.bucket) : undefined,
      xmlElement('Resource', target?.rawPath),
      xmlElement('RequestId', requestId),
      xmlElement('HostId', requestId),
    ),
  );
}

function writeResponse(res: ServerResponse, method: string, response: S3Response, requestId: string): void {
  const headers: Record<string, string> = {
    ...response.headers,
    'x-amz-request-id': requestId,
    'x-amz-id-2': requestId,
    server: 'trainops-s3-emulator',
  };
  const hasNoBody = response.status === 204 || response.status === 304;
  if (!hasNoBody && headers['content-length'] === undefined) {
    headers['content-length'] = String(response.body === undefined ? 0 : Buffer.byteLength(response.body));
  }
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' || hasNoBody ? undefined : response.body);
}

/** The `reset` fault: a response that starts and then dies, as a dropped connection looks. */
function cutConnection(res: ServerResponse, method: string): void {
  if (method === 'HEAD') {
    res.socket?.destroy();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '1024' });
  res.write('<?xml version="1.0" encoding="UTF-8"?>\n<', () => res.socket?.destroy());
}

export function createS3RequestListener(options: S3RequestListenerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const now = options.now ?? (() => new Date());
  const ownerName = options.credentials ? options.credentials.accessKeyId : 'anonymous';
  const deps: S3HandlerDeps = {
    store: options.store,
    region: options.region,
    owner: { id: createHash('sha256').update(ownerName).digest('hex'), displayName: ownerName },
    now,
    newUploadId: () => randomBytes(24).toString('base64url'),
  };

  function authenticate(req: IncomingMessage, target: RequestTarget): ChunkSignatureInput | undefined {
    if (!options.credentials) return undefined;
    const { accessKeyId, secretAccessKey } = options.credentials;
    const result = verifyRequestV4(
      { method: req.method ?? 'GET', rawPath: target.rawPath, rawQuery: target.rawQuery, rawHeaders: req.rawHeaders },
      { resolveSecret: (id) => (id === accessKeyId ? secretAccessKey : undefined), region: options.region, now: now() },
    );
    if (!result.ok) throw authFailure(result);
    if (!result.presigned && req.headers['x-amz-content-sha256'] === undefined) {
      throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
    }
    return result.payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD') ? result.chunkSigning : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    let target: RequestTarget | undefined;
    try {
      const body = await readBody(req);
      if (url.startsWith(CONTROL_PATH_PREFIX) && bucketFromHost(req.headers.host) === undefined) {
        const control = handleControlRequest({ method, path: url.split('?')[0] as string, body }, options.faults);
        const json = JSON.stringify(control.body);
        res.writeHead(control.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
        res.end(json);
        return;
      }
      target = parseRequestTarget(url, req.headers.host);
      const operation = resolveOperation({ method, target, hasCopySource: req.headers['x-amz-copy-source'] !== undefined });

      const decision = options.faults.decide({
        operation: operation.name,
        ...(target.bucket !== undefined ? { bucket: target.bucket } : {}),
        ...(target.key !== undefined ? { key: target.key } : {}),
      });
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      switch (decision.failure) {
        case 'outage':
          throw serviceUnavailable();
        case 'slow-down':
          throw slowDown();
        case 'internal-error':
          throw internalError();
        case 'reset':
          cutConnection(res, method);
          return;
      }

      const chunkSigning = authenticate(req, target);
      if (operation.kind === 'not-implemented') throw notImplemented(operation.name);
      if (operation.kind === 'method-not-allowed') throw methodNotAllowed(method, operation.resourceType);

      const request: S3Request = {
        method,
        target,
        headers: req.headers,
        body,
        origin: `http://${req.headers.host ?? 'localhost'}`,
        ...(chunkSigning ? { chunkSigning } : {}),
      };
      const response = await operationHandlers[operation.name](request, deps);
      writeResponse(res, method, response, requestId);
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      let s3Error: S3Error;
      if (error instanceof S3Error) {
        s3Error = error;
      } else {
        options.log(`s3-emulator: ${method} ${url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        s3Error = internalError();
      }
      writeResponse(
        res,
        method,
        {
          status: s3Error.status,
          headers: { 'content-type': 'application/xml', ...s3Error.headers },
          body: renderError(s3Error, requestId, target),
        },
        requestId,
      );
    }
  }

  return (req, res) => {
    void handle(req, res);
  };
}
