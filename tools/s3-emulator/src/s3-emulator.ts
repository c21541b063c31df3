// Starts the S3 stand-in: an HTTP server on loopback speaking the S3 REST API (path style, and
// virtual-host style for `<bucket>.localhost`), with SigV4 checked against one configured key.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidBucketName } from './bucket-names.ts';
import type { S3Faults, S3FaultsState } from './faults.ts';
import { FaultInjector, parseS3Faults, S3FaultsInputError } from './faults.ts';
import { s3OperationNames } from './operations.ts';
import { createS3RequestListener } from './s3-request-listener.ts';
import { createDiskBackend } from './store/disk-backend.ts';
import { createMemoryBackend } from './store/memory-backend.ts';
import { S3Store } from './store/s3-store.ts';

export const DEFAULT_ACCESS_KEY_ID = 'trainops-local';
export const DEFAULT_SECRET_ACCESS_KEY = 'trainops-local-secret';
export const DEFAULT_REGION = 'us-east-1';

export interface S3EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port (read the real one from `port` / `endpoint`). */
  port?: number;
  /** Keep objects on disk here (they survive a restart); default in memory. */
  dataDir?: string;
  /** Buckets that exist from the start (created if missing). */
  buckets?: string[];
  /** Default `trainops-local`. */
  accessKeyId?: string;
  /** Default `trainops-local-secret`. */
  secretAccessKey?: string;
  /** Default `us-east-1`. Requests must be signed for this region. */
  region?: string;
  /** Default true: every request must carry a valid AWS Signature V4. */
  auth?: boolean;
  /** Faults active from the start. */
  faults?: S3Faults;
  /** Where unexpected server errors are reported; default nowhere. */
  log?: (message: string) => void;
}

export interface S3Emulator {
  /** `http://127.0.0.1:PORT`, for the SDK's `endpoint` (with `forcePathStyle: true`). */
  endpoint: string;
  host: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  auth: boolean;
  dataDir: string | undefined;
  /** Replaces every fault setting; throws S3FaultsInputError when invalid. */
  setFaults(faults: S3Faults): void;
  clearFaults(): void;
  /** The current faults, with how many hits each rule has left. */
  faults(): S3FaultsState;
  /** Stops listening; in-flight requests get a second to finish. */
  close(): Promise<void>;
}

/** Invalid start options; the message names the option. */
export class S3EmulatorOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'S3EmulatorOptionsError';
  }
}

function validateOptions(options: S3EmulatorOptions): void {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new S3EmulatorOptionsError(`port must be an integer from 0 to 65535, got ${JSON.stringify(options.port)}.`);
  }
  for (const bucket of options.buckets ?? []) {
    if (!isValidBucketName(bucket)) {
      throw new S3EmulatorOptionsError(
        `buckets: "${bucket}" is not a valid S3 bucket name (3-63 characters: lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit).`,
      );
    }
  }
  for (const field of ['accessKeyId', 'secretAccessKey', 'region', 'host', 'dataDir'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new S3EmulatorOptionsError(`${field} must be a non-empty string, got ${JSON.stringify(value)}.`);
    }
  }
  if (options.accessKeyId?.includes('/')) {
    throw new S3EmulatorOptionsError('accessKeyId must not contain "/": SigV4 credential scopes are separated by it.');
  }
}

function parseFaults(faults: S3Faults): S3Faults {
  try {
    return parseS3Faults(faults, s3OperationNames);
  } catch (error) {
    if (error instanceof S3FaultsInputError) throw new S3EmulatorOptionsError(`faults: ${error.message}`);
    throw error;
  }
}

export async function startS3Emulator(options: S3EmulatorOptions = {}): Promise<S3Emulator> {
  validateOptions(options);
  const host = options.host ?? '127.0.0.1';
  const accessKeyId = options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const secretAccessKey = options.secretAccessKey ?? DEFAULT_SECRET_ACCESS_KEY;
  const region = options.region ?? DEFAULT_REGION;
  const auth = options.auth ?? true;

  const faults = new FaultInjector();
  if (options.faults) faults.set(parseFaults(options.faults));
  const store = await S3Store.open(options.dataDir ? createDiskBackend(options.dataDir) : createMemoryBackend());
  for (const bucket of options.buckets ?? []) {
    if (!store.getBucket(bucket)) await store.createBucket(bucket, new Date());
  }

  const server = createServer(
    createS3RequestListener({
      store,
      faults,
      region,
      credentials: auth ? { accessKeyId, secretAccessKey } : false,
      log: options.log ?? (() => undefined),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
    host,
    port,
    accessKeyId,
    secretAccessKey,
    region,
    auth,
    dataDir: options.dataDir,
    setFaults: (next) => faults.set(parseS3Faults(next, s3OperationNames)),
    clearFaults: () => faults.clear(),
    faults: () => faults.state(),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}
