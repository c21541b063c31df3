// The one error vocabulary of the product. Every error that a user or a client may see is one of
// these; each app has exactly one place that translates them (HTTP status in the api, an
// ephemeral Slack message in the bot). `cause` is always kept for the logs.

export const errorCodes = [
  'INPUT_INVALID',
  'UNAUTHENTICATED',
  'NOT_ALLOWED',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface UserFacingErrorOptions {
  details?: unknown;
  cause?: unknown;
}

/** An error whose message is written for the person who caused it and is safe to show them. */
export abstract class UserFacingError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: unknown;

  constructor(message: string, options: UserFacingErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }
}

/** The request or command is malformed or breaks a rule (wrong type, out of range, unknown key). */
export class InputError extends UserFacingError {
  readonly code = 'INPUT_INVALID' as const;
}

/** No credentials, or credentials that do not check out (bad token, forged signature). */
export class AuthenticationError extends UserFacingError {
  readonly code = 'UNAUTHENTICATED' as const;
}

/** The caller is known but may not do this. */
export class NotAllowedError extends UserFacingError {
  readonly code = 'NOT_ALLOWED' as const;
}

export class NotFoundError extends UserFacingError {
  readonly code = 'NOT_FOUND' as const;
}

/** A specific thing that does not exist: the message lists what does. */
export class ProjectNotFoundError extends NotFoundError {}

/** The request clashes with the current state (a taken name, an impossible transition). */
export class ConflictError extends UserFacingError {
  readonly code = 'CONFLICT' as const;
}

export class PayloadTooLargeError extends UserFacingError {
  readonly code = 'PAYLOAD_TOO_LARGE' as const;
}

/** Something we depend on (database, Kubernetes, S3, Slack) did not answer as it should. */
export class UpstreamError extends UserFacingError {
  readonly code = 'UPSTREAM_UNAVAILABLE' as const;
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}

/** The wire shape of every error answer of the api: `{"error":{"code","message","details"}}`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function toErrorBody(error: UserFacingError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

const errorClassByCode: Record<ErrorCode, new (message: string, options?: UserFacingErrorOptions) => UserFacingError> = {
  INPUT_INVALID: InputError,
  UNAUTHENTICATED: AuthenticationError,
  NOT_ALLOWED: NotAllowedError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  UPSTREAM_UNAVAILABLE: UpstreamError,
  INTERNAL: UpstreamError,
};

/** Rebuilds the typed error from an api error body, so a client can `instanceof` it. */
export function fromErrorBody(body: ErrorBody): UserFacingError {
  const ErrorClass = errorClassByCode[body.error.code] ?? UpstreamError;
  return new ErrorClass(body.error.message, { details: body.error.details });
}
