import { ApiException } from '@kubernetes/client-node';
import { ConflictError, InputError, NotAllowedError, NotFoundError, UpstreamError } from '@trainops/contracts';
import type { UserFacingError } from '@trainops/contracts';

// One translation from what the Kubernetes API (through client-node) answered to the product's
// error vocabulary. The API server's Status message is kept in `details` and `cause`.

export interface KubeFailure {
  /** HTTP status, when the API server answered at all. */
  status?: number;
  reason?: string;
  message?: string;
  retryAfterSeconds?: number;
}

interface StatusBody {
  message?: unknown;
  reason?: unknown;
  code?: unknown;
  details?: { retryAfterSeconds?: unknown };
}

/** The API server's answer inside a client-node error; `{}` for a network failure. */
export function readKubeFailure(error: unknown): KubeFailure {
  const status = error instanceof ApiException ? error.code : statusOfWatchError(error);
  if (status === undefined) return {};
  const body = error instanceof ApiException ? parseStatusBody(error.body) : {};
  const headerRetryAfter = error instanceof ApiException ? Number(error.headers?.['retry-after']) : Number.NaN;
  const bodyRetryAfter = Number(body.details?.retryAfterSeconds);
  const retryAfterSeconds = Number.isFinite(headerRetryAfter) ? headerRetryAfter : Number.isFinite(bodyRetryAfter) ? bodyRetryAfter : undefined;
  return {
    status,
    ...(typeof body.reason === 'string' ? { reason: body.reason } : {}),
    ...(typeof body.message === 'string' ? { message: body.message } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

function statusOfWatchError(error: unknown): number | undefined {
  // client-node's Watch reports a refused watch as an Error with `statusCode`.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function parseStatusBody(body: unknown): StatusBody {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null ? (parsed as StatusBody) : {};
    } catch {
      return { message: body };
    }
  }
  return typeof body === 'object' && body !== null ? (body as StatusBody) : {};
}

/** Worth another try: no answer, throttled, or a server-side failure. */
export function isRetryableFailure(failure: KubeFailure): boolean {
  return failure.status === undefined || failure.status === 429 || failure.status >= 500;
}

/** What the client was doing, for messages: "create workflows.argoproj.io in namespace argo". */
export interface KubeAction {
  verb: string;
  resource: string;
  namespace: string;
  name?: string;
}

/** The product error for a failed Kubernetes call. */
export function toUserFacingError(error: unknown, action: KubeAction): UserFacingError {
  const failure = readKubeFailure(error);
  const target = `${action.name === undefined ? action.resource : `${action.resource} "${action.name}"`} in namespace ${action.namespace}`;
  const details = { ...failure, action };
  const said = failure.message === undefined ? '' : `: ${failure.message}`;
  switch (failure.status) {
    case undefined:
      return new UpstreamError(`the Kubernetes API could not be reached to ${action.verb} ${target} (${describeCause(error)})`, { cause: error, details });
    case 401:
      return new UpstreamError(`the Kubernetes API did not accept the api's credentials when asked to ${action.verb} ${target}; check the kubeconfig or ServiceAccount token`, { cause: error, details });
    case 403:
      return new NotAllowedError(
        `Kubernetes does not allow the api to ${action.verb} ${target}${said}. Grant "${action.verb}" on ${action.resource} to the api's ServiceAccount (deploy/argo/rbac.yaml, Role trainops-api)`,
        { cause: error, details },
      );
    case 404:
      return new NotFoundError(`${target} does not exist${said}`, { cause: error, details });
    case 409:
      return new ConflictError(`cannot ${action.verb} ${target}: it clashes with what is there${said}`, { cause: error, details });
    case 400:
    case 422:
      return new InputError(`Kubernetes refused to ${action.verb} ${target}${said}`, { cause: error, details });
    default:
      return new UpstreamError(`the Kubernetes API failed to ${action.verb} ${target} (HTTP ${failure.status}${failure.reason === undefined ? '' : ` ${failure.reason}`})${said}`, {
        cause: error,
        details,
      });
  }
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
