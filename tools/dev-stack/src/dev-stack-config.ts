import path from 'node:path';
import { z } from 'zod';

// The dev stack's settings, read once from the environment. Every port defaults to a fixed,
// documented number so bookmarks keep working; 0 picks a free port (tests use that).

export interface DevStackConfig {
  workspaceRoot: string;
  dataDir: string;
  ports: { api: number; bot: number; slack: number; s3: number; kube: number };
  /** Overrides; when unset the stack's generated (and persisted) secrets are used. */
  secrets: { slackSigningSecret?: string | undefined; apiToken?: string | undefined };
  /** Passed through to the api: unset means the embedded database in DATA_DIR. */
  databaseUrl: string | undefined;
  projectsDir: string;
  logLevel: string;
  /** How fast the local `yolo` trains, so a person can watch the run card move. */
  secondsPerEpoch: number;
  /** The run card is edited at most this often. */
  cardEditIntervalMs: number;
}

const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
        context.addIssue({ code: 'custom', message: 'must be a whole number from 0 to 65535' });
        return z.NEVER;
      }
      return parsed;
    });

const envSchema = z.object({
  DATA_DIR: z.string().optional(),
  API_PORT: port(8080),
  BOT_PORT: port(3000),
  SLACK_EMULATOR_PORT: port(4000),
  S3_EMULATOR_PORT: port(9000),
  KUBE_EMULATOR_PORT: port(6443),
  SLACK_SIGNING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  DATABASE_URL: z.string().optional(),
  PROJECTS_DIR: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
  YOLO_SECONDS_PER_EPOCH: z.coerce.number().min(0, 'must be 0 or more').max(600, 'must be at most 600').default(1),
  SLACK_CARD_EDIT_INTERVAL_MS: z.coerce.number().int('must be a whole number').min(100, 'must be at least 100').default(5000),
});

export class DevStackConfigError extends Error {}

export function loadDevStackConfig(env: NodeJS.ProcessEnv, workspaceRoot: string): DevStackConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DevStackConfigError(`Invalid configuration: ${issue?.path.join('.') ?? 'environment'} ${issue?.message ?? 'is not valid'}`);
  }
  const values = parsed.data;
  const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
  return {
    workspaceRoot,
    dataDir: path.resolve(workspaceRoot, blank(values.DATA_DIR) ?? '.data'),
    ports: { api: values.API_PORT, bot: values.BOT_PORT, slack: values.SLACK_EMULATOR_PORT, s3: values.S3_EMULATOR_PORT, kube: values.KUBE_EMULATOR_PORT },
    secrets: { slackSigningSecret: blank(values.SLACK_SIGNING_SECRET), apiToken: blank(values.API_TOKEN) },
    databaseUrl: blank(values.DATABASE_URL),
    projectsDir: path.resolve(workspaceRoot, blank(values.PROJECTS_DIR) ?? 'config/projects'),
    logLevel: blank(values.LOG_LEVEL) ?? 'info',
    secondsPerEpoch: values.YOLO_SECONDS_PER_EPOCH,
    cardEditIntervalMs: values.SLACK_CARD_EDIT_INTERVAL_MS,
  };
}
