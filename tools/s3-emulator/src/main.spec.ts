import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));

function startCli(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [mainPath, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  return { child, firstLine, stderr: () => stderr };
}

describe('the CLI', () => {
  it('prints where it listens as one JSON line, serves S3 there, and stops cleanly on SIGTERM', async () => {
    const { child, firstLine } = startCli({ S3_PORT: '0', S3_BUCKETS: 'datasets,models', S3_ACCESS_KEY_ID: 'cli-key', S3_SECRET_ACCESS_KEY: 'cli-secret' });
    try {
      const info = JSON.parse(await firstLine) as Record<string, unknown>;
      expect(info).toMatchObject({ service: 's3-emulator', host: '127.0.0.1', region: 'us-east-1', accessKeyId: 'cli-key', auth: true, buckets: ['datasets', 'models'] });
      expect(info['endpoint']).toBe(`http://127.0.0.1:${info['port']}`);
      expect(JSON.stringify(info)).not.toContain('cli-secret');

      const s3 = new S3Client({
        endpoint: info['endpoint'] as string,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: { accessKeyId: 'cli-key', secretAccessKey: 'cli-secret' },
      });
      await expect(s3.send(new HeadBucketCommand({ Bucket: 'models' }))).resolves.toBeDefined();
      s3.destroy();

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('exits with status 2 and names the setting when the configuration is wrong', async () => {
    const { child, stderr } = startCli({ S3_PORT: 'eighty' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr()).toContain('S3_PORT must be a port number from 0 to 65535, got "eighty".');
  });
});
