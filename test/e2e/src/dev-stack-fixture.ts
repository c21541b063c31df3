import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDevStackConfig, startDevStack, type DevStack } from '@trainops/dev-stack';

export const workspaceRoot = path.resolve(import.meta.dirname, '../../..');

export interface RunningDevStack extends DevStack {
  output: string[];
  dataDir: string;
  dispose(): Promise<void>;
}

/** The whole local product (stand-ins and both apps as real processes) on free ports. */
export async function startTestDevStack(extraEnv: Record<string, string> = {}): Promise<RunningDevStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'trainops-e2e-'));
  const output: string[] = [];
  const config = loadDevStackConfig(
    { DATA_DIR: dataDir, API_PORT: '0', BOT_PORT: '0', SLACK_EMULATOR_PORT: '0', S3_EMULATOR_PORT: '0', KUBE_EMULATOR_PORT: '0', LOG_LEVEL: 'warn', YOLO_SECONDS_PER_EPOCH: '0', ...extraEnv },
    workspaceRoot,
  );
  try {
    const stack = await startDevStack(config, { onOutput: (line) => output.push(line) });
    return Object.assign(stack, {
      output,
      dataDir,
      async dispose() {
        await stack.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`the dev stack did not start:\n${output.join('\n')}`, { cause: error });
  }
}

/** Polls until `check` returns a value, or fails with what it saw last. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
