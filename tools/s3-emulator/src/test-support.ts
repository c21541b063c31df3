// Shared by the spec files only: an AWS SDK client pointed at an emulator, the way the product's
// libs/artifacts will configure theirs (endpoint + forcePathStyle + static credentials).
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Emulator } from './s3-emulator.ts';

export function createTestClient(emulator: S3Emulator, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: emulator.endpoint,
    forcePathStyle: true,
    region: emulator.region,
    credentials: { accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey },
    ...overrides,
  });
}

/** The error a promise rejects with, to assert on its SDK-surfaced name and metadata. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number; attempts?: number } };
  }
  throw new Error('expected the promise to reject, but it resolved');
}
