// CLI: starts the S3 stand-in from S3_* variables / flags, prints where it listens as one JSON
// line on stdout, and stops cleanly on SIGTERM or SIGINT.
import { readS3EmulatorConfig, S3EmulatorConfigError } from './config.ts';
import type { S3Emulator } from './s3-emulator.ts';
import { S3EmulatorOptionsError, startS3Emulator } from './s3-emulator.ts';

async function main(): Promise<void> {
  let emulator: S3Emulator;
  let buckets: string[] = [];
  try {
    const options = readS3EmulatorConfig();
    buckets = options.buckets ?? [];
    emulator = await startS3Emulator({ ...options, log: (message) => process.stderr.write(`${message}\n`) });
  } catch (error) {
    if (error instanceof S3EmulatorConfigError || error instanceof S3EmulatorOptionsError) {
      process.stderr.write(`s3-emulator: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  // The secret stays out of the line: it is printed to logs, and secrets never go there.
  process.stdout.write(
    `${JSON.stringify({
      service: 's3-emulator',
      endpoint: emulator.endpoint,
      host: emulator.host,
      port: emulator.port,
      region: emulator.region,
      accessKeyId: emulator.accessKeyId,
      auth: emulator.auth,
      buckets,
      dataDir: emulator.dataDir ?? null,
    })}\n`,
  );
  const stop = (signal: string) => {
    process.stderr.write(`s3-emulator: ${signal}, stopping\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`s3-emulator: stopping failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

await main();
