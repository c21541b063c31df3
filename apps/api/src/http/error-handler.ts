import { isUserFacingError, toErrorBody } from '@trainops/contracts';
import type { ErrorBody, ErrorCode } from '@trainops/contracts';
import { isDatabaseUnavailableError } from '@trainops/db';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

// The api's one translation point from errors to HTTP answers. Routes and services throw the
// contracts' typed errors; only this module knows status codes and the wire shape.

export const httpStatusByCode: Record<ErrorCode, number> = {
  INPUT_INVALID: 400,
  UNAUTHENTICATED: 401,
  NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable right now; nothing was changed. Try again shortly.';

export interface ErrorHandlingOptions {
  bodyLimitBytes: number;
}

interface Translated {
  status: number;
  body: ErrorBody;
}

function answer(status: number, code: ErrorCode, message: string, details?: unknown): Translated {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';
}

function describeValidation(error: FastifyError): Translated {
  const location = error.validationContext ?? 'request';
  const issues = (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { location, path, message: issue.message ?? 'is not valid' };
  });
  const summary = issues.map((issue) => `${issue.location}${issue.path === '' ? '' : `.${issue.path}`}: ${issue.message}`);
  return answer(400, 'INPUT_INVALID', `The request is not valid: ${summary.join('; ')}. Nothing was changed.`, { issues });
}

function translate(error: unknown, request: FastifyRequest, options: ErrorHandlingOptions): Translated {
  // First: an outage wrapped in another error still gets the fixed message, never the driver's
  // text (which names hosts).
  if (isDatabaseUnavailableError(error)) return answer(503, 'UPSTREAM_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
  if (isUserFacingError(error)) return { status: httpStatusByCode[error.code], body: toErrorBody(error) };
  if (hasZodFastifySchemaValidationErrors(error)) return describeValidation(error as FastifyError);

  if (isFastifyError(error)) {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return answer(
          413,
          'PAYLOAD_TOO_LARGE',
          `The request body is larger than the limit of ${options.bodyLimitBytes} bytes; nothing was changed.`,
        );
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return answer(400, 'INPUT_INVALID', 'The request body is not valid JSON; nothing was changed.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return answer(400, 'INPUT_INVALID', 'The request body is empty but its Content-Type says JSON; send a JSON object.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return answer(415, 'INPUT_INVALID', 'Send the request body as application/json.');
    }
    // Fastify's other client errors (bad Content-Length, prototype poisoning …) are the caller's
    // to fix and their messages are safe to show.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return answer(error.statusCode, 'INPUT_INVALID', error.message);
    }
  }

  return answer(
    500,
    'INTERNAL',
    `Something went wrong on our side. If it keeps happening, report request id ${request.id}.`,
    { requestId: request.id },
  );
}

export function installErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = translate(error, request, options);
    if (status >= 500) {
      request.log.error({ err: error, status }, `request failed: ${body.error.message}`);
    } else {
      request.log.info({ code: body.error.code, status }, `request refused: ${body.error.message}`);
    }
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    if (status === 503) reply.header('retry-after', '5');
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const { status, body } = answer(404, 'NOT_FOUND', `There is no route ${request.method} ${path}; the API is described at /docs.`);
    return reply.status(status).send(body);
  });
}
