import path from 'node:path';
import { z } from 'zod';

// The api's whole configuration, parsed once at start-up. This is the only module that reads the
// environment (main.ts hands process.env in); everything else receives a typed slice.

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A machine client (CI, scripts) known by name and authenticated by its token. */
export interface ApiClientCredentials {
  name: string;
  token: string;
}

export interface AuthConfig {
  clients: ApiClientCredentials[];
  /** The bot's own token: that caller may act for Slack users. Unset → no bot can call. */
  botToken: string | undefined;
}

export interface HttpConfig {
  host: string;
  port: number;
  publicUrl: string;
  bodyLimitBytes: number;
}

export interface DatabaseConfig {
  /** Unset → the embedded PGlite database in `dataDir`. */
  url: string | undefined;
  dataDir: string;
  migrateOnStart: boolean;
}

/** Where training runs: the cluster with Argo, and the S3 bucket its artifacts go to. */
export interface PipelineConfig {
  /** A kubeconfig file, or `in-cluster` for the pod's service account. */
  kubeconfig: string;
  namespace: string;
  serviceAccountName: string;
  artifacts: {
    bucket: string;
    /** Unset → AWS S3 itself. */
    endpoint: string | undefined;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    /** The Kubernetes Secret (keys accessKey, secretKey) the workflow pods read S3 credentials from. */
    credentialsSecret: string;
    presignExpirySeconds: number;
  };
  resyncIntervalMs: number;
  /** The Argo Server UI's base URL, for the card's link to the workflow; unset → no link. */
  argoUiUrl: string | undefined;
}

/** Where run cards and results are posted. */
export interface SlackConfig {
  botToken: string;
  /** Unset → Slack's own Web API. */
  apiUrl: string | undefined;
  cardEditIntervalMs: number;
}

export interface ApiConfig {
  http: HttpConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
  projectsDir: string;
  logLevel: LogLevel;
  /** Unset (no KUBECONFIG) → runs are recorded but not submitted. */
  pipeline: PipelineConfig | undefined;
  /** Unset (no SLACK_BOT_TOKEN) → nothing is posted to Slack. */
  slack: SlackConfig | undefined;
}

export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

const MIN_TOKEN_LENGTH = 24;
const CLIENT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

// Empty strings count as unset: `API_PORT=` in an env file means "use the default".
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parseWith<T>(name: string, schema: z.ZodType<T>, raw: string | undefined, echo = true): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problem = result.error.issues[0]?.message ?? 'is not valid';
  // Secrets are never echoed back, not even into a start-up error.
  throw new ConfigError(name, echo && raw !== undefined ? `${problem} (got "${raw}")` : problem);
}

const hostSchema = z.string().regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or IP address');
const portSchema = z
  .string()
  .regex(/^\d+$/, 'must be a whole number from 0 to 65535')
  .transform(Number)
  .refine((port) => port <= 65535, 'must be a whole number from 0 to 65535');
const positiveIntSchema = z
  .string()
  .regex(/^[1-9]\d*$/, 'must be a whole number greater than 0')
  .transform(Number);
const urlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const databaseUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgresql:// URL (leave it unset for the embedded database)');
const booleanSchema = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const logLevelSchema = z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` });
const pathSchema = z.string().min(1);

function parseTokens(raw: string | undefined): ApiClientCredentials[] {
  if (raw === undefined) return [];
  const clients: ApiClientCredentials[] = [];
  for (const [index, entry] of raw.split(',').entries()) {
    const pair = entry.trim();
    if (pair === '') continue;
    const separator = pair.indexOf(':');
    const position = `entry ${index + 1}`;
    if (separator === -1) {
      throw new ConfigError('API_TOKENS', `${position} must be name:token (comma-separated name:token pairs)`);
    }
    const name = pair.slice(0, separator).trim();
    const token = pair.slice(separator + 1).trim();
    if (!CLIENT_NAME_PATTERN.test(name)) {
      throw new ConfigError(
        'API_TOKENS',
        `${position}: the client name "${name}" must be 1-40 lowercase letters, digits, dashes or underscores`,
      );
    }
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new ConfigError('API_TOKENS', `the token of client "${name}" must be at least ${MIN_TOKEN_LENGTH} characters`);
    }
    if (clients.some((client) => client.name === name)) {
      throw new ConfigError('API_TOKENS', `names the client "${name}" twice`);
    }
    if (clients.some((client) => client.token === token)) {
      throw new ConfigError('API_TOKENS', `gives client "${name}" the same token as another client`);
    }
    clients.push({ name, token });
  }
  return clients;
}

function parseBotToken(raw: string | undefined, clients: ApiClientCredentials[]): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError('BOT_API_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  // One token must map to exactly one caller, or the bot's powers would leak to a machine client.
  if (clients.some((client) => client.token === raw)) {
    throw new ConfigError('BOT_API_TOKEN', 'must differ from every token in API_TOKENS');
  }
  return raw;
}

/** Parses the api's environment; throws ConfigError naming the first bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const host = parseWith('API_HOST', hostSchema, read(env, 'API_HOST') ?? '127.0.0.1');
  const port = parseWith('API_PORT', portSchema, read(env, 'API_PORT') ?? '8080');
  const publicUrl = parseWith('API_PUBLIC_URL', urlSchema, read(env, 'API_PUBLIC_URL') ?? defaultPublicUrl(host, port));
  const bodyLimitBytes = parseWith('API_BODY_LIMIT_BYTES', positiveIntSchema, read(env, 'API_BODY_LIMIT_BYTES') ?? '65536');

  // The URL carries a password: a problem is described without echoing it.
  const databaseUrl = read(env, 'DATABASE_URL');
  const url = databaseUrl === undefined ? undefined : parseWith('DATABASE_URL', databaseUrlSchema, databaseUrl, false);
  const dataDir = path.resolve(parseWith('DATA_DIR', pathSchema, read(env, 'DATA_DIR') ?? '.data'));
  const migrateOnStart = parseWith('MIGRATE_ON_START', booleanSchema, read(env, 'MIGRATE_ON_START')?.toLowerCase() ?? 'true');

  const projectsDir = path.resolve(parseWith('PROJECTS_DIR', pathSchema, read(env, 'PROJECTS_DIR') ?? 'config/projects'));
  const clients = parseTokens(read(env, 'API_TOKENS'));
  const botToken = parseBotToken(read(env, 'BOT_API_TOKEN'), clients);
  const logLevel = parseWith('LOG_LEVEL', logLevelSchema, read(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info');

  return {
    http: { host, port, publicUrl: publicUrl.replace(/\/+$/, ''), bodyLimitBytes },
    database: { url, dataDir, migrateOnStart },
    auth: { clients, botToken },
    projectsDir,
    logLevel,
    pipeline: loadPipelineConfig(env),
    slack: loadSlackConfig(env),
  };
}

const nameSchema = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes name (lowercase letters, digits, dashes)');

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = read(env, name);
  if (value === undefined) throw new ConfigError(name, `is required ${why}`);
  return value;
}

function loadPipelineConfig(env: NodeJS.ProcessEnv): PipelineConfig | undefined {
  const kubeconfig = read(env, 'KUBECONFIG');
  if (kubeconfig === undefined) return undefined;
  const why = 'when KUBECONFIG is set (the artifact store the workflows write to)';
  const endpoint = read(env, 'S3_ENDPOINT');
  return {
    kubeconfig: kubeconfig === 'in-cluster' ? kubeconfig : path.resolve(kubeconfig),
    namespace: parseWith('WORKFLOW_NAMESPACE', nameSchema, read(env, 'WORKFLOW_NAMESPACE') ?? 'argo'),
    serviceAccountName: parseWith('WORKFLOW_SERVICE_ACCOUNT', nameSchema, read(env, 'WORKFLOW_SERVICE_ACCOUNT') ?? 'trainops-workflow'),
    artifacts: {
      bucket: parseWith('ARTIFACT_BUCKET', z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'), read(env, 'ARTIFACT_BUCKET') ?? 'trainops'),
      endpoint: endpoint === undefined ? undefined : parseWith('S3_ENDPOINT', urlSchema, endpoint),
      region: read(env, 'S3_REGION') ?? 'us-east-1',
      accessKeyId: required(env, 'S3_ACCESS_KEY_ID', why),
      secretAccessKey: required(env, 'S3_SECRET_ACCESS_KEY', why),
      credentialsSecret: parseWith('S3_CREDENTIALS_SECRET', nameSchema, read(env, 'S3_CREDENTIALS_SECRET') ?? 'trainops-s3'),
      presignExpirySeconds: parseWith('PRESIGN_EXPIRY_SECONDS', positiveIntSchema, read(env, 'PRESIGN_EXPIRY_SECONDS') ?? '86400'),
    },
    resyncIntervalMs: 1000 * parseWith('WATCH_RESYNC_SECONDS', positiveIntSchema, read(env, 'WATCH_RESYNC_SECONDS') ?? '300'),
    argoUiUrl: optionalUrl(env, 'ARGO_UI_URL'),
  };
}

function optionalUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = read(env, name);
  return value === undefined ? undefined : parseWith(name, urlSchema, value).replace(/\/+$/, '');
}

function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const botToken = read(env, 'SLACK_BOT_TOKEN');
  if (botToken === undefined) return undefined;
  if (!botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN', 'must be a bot token starting with xoxb-');
  const apiUrl = read(env, 'SLACK_API_URL');
  return {
    botToken,
    apiUrl: apiUrl === undefined ? undefined : parseWith('SLACK_API_URL', urlSchema, apiUrl),
    cardEditIntervalMs: parseWith('SLACK_CARD_EDIT_INTERVAL_MS', positiveIntSchema, read(env, 'SLACK_CARD_EDIT_INTERVAL_MS') ?? '5000'),
  };
}

function defaultPublicUrl(host: string, port: number): string {
  // A wildcard bind address is not somewhere a client can connect to.
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
