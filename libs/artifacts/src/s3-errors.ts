import { UpstreamError } from '@trainops/contracts';

// Turns what the AWS SDK throws into our vocabulary. A missing object is the caller's business
// (it knows whether that is normal); everything else is S3 misbehaving or unreachable and
// becomes an UpstreamError with a sentence a person can act on, the SDK error kept as `cause`.

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/** GetObject's NoSuchKey, HeadObject's bare 404. */
export function isMissingObject(error: unknown): boolean {
  const { name, $metadata } = shape(error);
  return name === 'NoSuchKey' || name === 'NotFound' || (name !== 'NoSuchBucket' && $metadata?.httpStatusCode === 404);
}

/** CopyObject's answer when the source changed since it was listed (`x-amz-copy-source-if-match`). */
export function isPreconditionFailed(error: unknown): boolean {
  const { name, $metadata } = shape(error);
  return name === 'PreconditionFailed' || $metadata?.httpStatusCode === 412;
}

const credentialErrors = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'AuthorizationHeaderMalformed', 'CredentialsProviderError']);

/** `action` completes "Could not …", e.g. "read runs/pcb/42/results.csv". */
export function toUpstreamError(error: unknown, action: string, bucket: string): UpstreamError {
  const { name = 'Error', code, message = '', $metadata } = shape(error);
  const status = $metadata?.httpStatusCode;
  let reason: string;
  if (name === 'NoSuchBucket') reason = `the bucket "${bucket}" does not exist (check the artifacts bucket setting)`;
  else if (credentialErrors.has(name)) reason = `S3 refused our credentials (${name}); check the access key and its permissions on "${bucket}"`;
  else if (status !== undefined && status >= 500) reason = `the storage service is unavailable (${status} ${name}); try again shortly`;
  else if (status !== undefined) reason = `S3 answered ${status} ${name}`;
  else reason = `the storage service could not be reached (${code ?? name}${message ? `: ${message.split('\n')[0]}` : ''}); try again shortly`;
  return new UpstreamError(`Could not ${action}: ${reason}.`, { cause: error, details: { bucket, ...(status === undefined ? {} : { status }), error: name } });
}
