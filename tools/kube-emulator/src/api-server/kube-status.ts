// Status objects shaped exactly like the real API server's (k8s.io/apimachinery errors.go), because
// clients branch on `reason` and `code` and people read `message`. Every failure leaves the server
// through `KubeStatusError`, so there is one translation point to HTTP.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group and a resource (plural) or a kind, as the real server names them in messages. */
export interface GroupName {
  group: string;
  name: string;
}

export class KubeStatusError extends Error {
  readonly status: KubeStatus;
  readonly headers: Record<string, string>;

  constructor(status: KubeStatus, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? 'failure');
    this.name = 'KubeStatusError';
    this.status = status;
    this.headers = headers;
  }
}

export function buildFailureStatus(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  // Key order as the real server writes it, so a byte-level comparison of bodies holds too.
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details: withoutEmptyFields(details) }),
    code,
  };
}

/** What a delete answers when it does not return the object; like the real one it has no `code`. */
export function buildSuccessStatus(details: StatusDetails): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: withoutEmptyFields(details) };
}

/** `workflows.argoproj.io`, or just `secrets` for the core group. */
export function qualifiedName({ group, name }: GroupName): string {
  return group === '' ? name : `${name}.${group}`;
}

function fail(code: number, reason: string, message: string, details?: StatusDetails): KubeStatusError {
  return new KubeStatusError(buildFailureStatus(code, reason, message, details));
}

export function notFoundError(resource: GroupName, name: string): KubeStatusError {
  return fail(404, 'NotFound', `${qualifiedName(resource)} "${name}" not found`, {
    name,
    group: resource.group,
    kind: resource.name,
  });
}

export function alreadyExistsError(resource: GroupName, name: string): KubeStatusError {
  return fail(409, 'AlreadyExists', `${qualifiedName(resource)} "${name}" already exists`, {
    name,
    group: resource.group,
    kind: resource.name,
  });
}

export function conflictError(resource: GroupName, name: string, why: string): KubeStatusError {
  return fail(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(resource)} "${name}": ${why}`, {
    name,
    group: resource.group,
    kind: resource.name,
  });
}

export const staleObjectMessage = 'the object has been modified; please apply your changes to the latest version and try again';

export interface FieldProblem {
  field: string;
  type: 'Invalid' | 'Required' | 'Forbidden' | 'Unsupported' | 'Duplicate';
  value?: unknown;
  detail: string;
}

const causeReasons: Record<FieldProblem['type'], string> = {
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  Forbidden: 'FieldValueForbidden',
  Unsupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
};

const problemLabels: Record<FieldProblem['type'], string> = {
  Invalid: 'Invalid value',
  Required: 'Required value',
  Forbidden: 'Forbidden',
  Unsupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
};

// The wording of field.Error in k8s.io/apimachinery: required and forbidden never show the value.
function describeProblem(problem: FieldProblem): string {
  const showsValue = problem.type === 'Invalid' || problem.type === 'Unsupported' || problem.type === 'Duplicate';
  const value = showsValue ? `: ${JSON.stringify(problem.value)}` : '';
  const detail = problem.detail === '' ? '' : `: ${problem.detail}`;
  return `${problemLabels[problem.type]}${value}${detail}`;
}

/** 422 Invalid; `kind` is the kind (`Workflow`), not the plural, as in the real server. */
export function invalidError(kind: GroupName, name: string, problems: FieldProblem[]): KubeStatusError {
  const lines = problems.map((problem) => `${problem.field}: ${describeProblem(problem)}`);
  const joined = lines.length === 1 ? (lines[0] ?? '') : `[${lines.join(', ')}]`;
  return fail(422, 'Invalid', `${qualifiedName(kind)} "${name}" is invalid: ${joined}`, {
    name,
    group: kind.group,
    kind: kind.name,
    causes: problems.map((problem) => ({
      reason: causeReasons[problem.type],
      message: describeProblem(problem),
      field: problem.field,
    })),
  });
}

export function badRequestError(message: string): KubeStatusError {
  return fail(400, 'BadRequest', message);
}

export function unauthorizedError(): KubeStatusError {
  return fail(401, 'Unauthorized', 'Unauthorized');
}

export function forbiddenError(resource: GroupName, name: string, why: string): KubeStatusError {
  const subject =
    resource.name === ''
      ? 'forbidden'
      : name === ''
        ? `${qualifiedName(resource)} is forbidden`
        : `${qualifiedName(resource)} "${name}" is forbidden`;
  return fail(403, 'Forbidden', `${subject}: ${why}`, { name, group: resource.group, kind: resource.name });
}

export function notFoundPathError(): KubeStatusError {
  return fail(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowedError(): KubeStatusError {
  return fail(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function expiredError(message: string): KubeStatusError {
  return fail(410, 'Expired', message);
}

export function tooLargeResourceVersionError(requested: number, current: number): KubeStatusError {
  return fail(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

export function requestEntityTooLargeError(limitBytes: number): KubeStatusError {
  return fail(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limitBytes}`);
}

export function unsupportedMediaTypeError(accepted: string[]): KubeStatusError {
  return fail(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

export function tooManyRequestsError(retryAfterSeconds: number): KubeStatusError {
  const status = buildFailureStatus(429, 'TooManyRequests', 'Too many requests, please try again later.', {
    retryAfterSeconds,
  });
  return new KubeStatusError(status, { 'Retry-After': String(retryAfterSeconds) });
}

export function internalError(cause: string): KubeStatusError {
  return fail(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
}

export function serviceUnavailableError(message: string): KubeStatusError {
  return fail(503, 'ServiceUnavailable', message);
}

function withoutEmptyFields(details: StatusDetails): StatusDetails {
  // The real server marshals these with `omitempty`, so an empty name or group is absent, not "".
  const entries = Object.entries(details).filter(([, value]) => value !== undefined && value !== '');
  return Object.fromEntries(entries) as StatusDetails;
}
