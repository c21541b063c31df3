// The emulator's own HTTP endpoints, beside the S3 API: `/_emulator/faults` (GET the current
// faults, POST new ones as JSON, DELETE to clear) and `/_emulator/health`. Path style only:
// S3 bucket names cannot contain `_`, so these paths never shadow a bucket.
import type { FaultInjector } from './faults.ts';
import { parseS3Faults, S3FaultsInputError } from './faults.ts';
import { s3OperationNames } from './operations.ts';

export const CONTROL_PATH_PREFIX = '/_emulator/';

export interface ControlResponse {
  status: number;
  body: unknown;
}

export interface ControlRequest {
  method: string;
  path: string;
  body: Buffer;
}

export function handleControlRequest(request: ControlRequest, faults: FaultInjector): ControlResponse {
  if (request.path === '/_emulator/health') {
    return request.method === 'GET' ? { status: 200, body: { ok: true } } : methodNotAllowed(request, 'GET');
  }
  if (request.path !== '/_emulator/faults') {
    return { status: 404, body: { error: `Unknown emulator endpoint ${request.path}; known: /_emulator/faults, /_emulator/health.` } };
  }
  switch (request.method) {
    case 'GET':
      return { status: 200, body: faults.state() };
    case 'DELETE':
      faults.clear();
      return { status: 200, body: faults.state() };
    case 'POST':
    case 'PUT': {
      let json: unknown;
      try {
        json = JSON.parse(request.body.toString('utf8'));
      } catch {
        return { status: 400, body: { error: 'The body must be a JSON object such as {"rules":[{"fault":"slow-down","count":1}]}.' } };
      }
      try {
        faults.set(parseS3Faults(json, s3OperationNames));
      } catch (error) {
        if (error instanceof S3FaultsInputError) return { status: 400, body: { error: error.message } };
        throw error;
      }
      return { status: 200, body: faults.state() };
    }
    default:
      return methodNotAllowed(request, 'GET, POST, DELETE');
  }
}

function methodNotAllowed(request: ControlRequest, allowed: string): ControlResponse {
  return { status: 405, body: { error: `${request.method} is not allowed on ${request.path}; use ${allowed}.` } };
}
