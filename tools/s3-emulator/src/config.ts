// The CLI's configuration: environment variables, overridden by command-line flags. The only
// module that reads process.env; parsing itself is pure (parseS3EmulatorConfig) and fails fast
// with the name of the offending setting.
import type { S3EmulatorOptions } from './s3-emulator.ts';

/** Bad CLI configuration; the message names the variable or flag. */
export class S3EmulatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'S3EmulatorConfigError';
  }
}

type Setting = 'host' | 'port' | 'dataDir' | 'buckets' | 'accessKeyId' | 'secretAccessKey' | 'region' | 'auth';

const settings: ReadonlyArray<{ setting: Setting; env: string; flag: string }> = [
  { setting: 'host', env: 'S3_HOST', flag: '--host' },
  { setting: 'port', env: 'S3_PORT', flag: '--port' },
  { setting: 'dataDir', env: 'S3_DATA_DIR', flag: '--data-dir' },
  { setting: 'buckets', env: 'S3_BUCKETS', flag: '--buckets' },
  { setting: 'accessKeyId', env: 'S3_ACCESS_KEY_ID', flag: '--access-key-id' },
  { setting: 'secretAccessKey', env: 'S3_SECRET_ACCESS_KEY', flag: '--secret-access-key' },
  { setting: 'region', env: 'S3_REGION', flag: '--region' },
  { setting: 'auth', env: 'S3_AUTH', flag: '--auth' },
];

export const usage = `Usage: node tools/s3-emulator/src/main.ts [flags]
  --host <addr>               S3_HOST               default 127.0.0.1
  --port <n>                  S3_PORT               default 0 (any free port)
  --data-dir <dir>            S3_DATA_DIR           keep objects on disk; default in memory
  --buckets <a,b>             S3_BUCKETS            buckets created at start
  --access-key-id <id>        S3_ACCESS_KEY_ID      default trainops-local
  --secret-access-key <key>   S3_SECRET_ACCESS_KEY  default trainops-local-secret
  --region <region>           S3_REGION             default us-east-1
  --auth <true|false>         S3_AUTH               default true (check SigV4 signatures)
  --no-auth                                         same as --auth false`;

function parseFlags(argv: readonly string[]): Map<Setting, { value: string; source: string }> {
  const values = new Map<Setting, { value: string; source: string }>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--no-auth') {
      values.set('auth', { value: 'false', source: '--no-auth' });
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const known = settings.find((entry) => entry.flag === flag);
    if (!known) {
      throw new S3EmulatorConfigError(`Unknown argument "${arg}".\n${usage}`);
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    if (value === undefined) throw new S3EmulatorConfigError(`${flag} needs a value.\n${usage}`);
    values.set(known.setting, { value, source: flag });
  }
  return values;
}

/** Options from environment variables and flags (flags win). */
export function parseS3EmulatorConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): S3EmulatorOptions {
  const flags = parseFlags(argv);
  const read = (setting: Setting): { value: string; source: string } | undefined => {
    const flag = flags.get(setting);
    if (flag) return flag;
    const entry = settings.find((candidate) => candidate.setting === setting) as (typeof settings)[number];
    const value = env[entry.env];
    return value === undefined || value.trim() === '' ? undefined : { value: value.trim(), source: entry.env };
  };

  const options: S3EmulatorOptions = {};
  const port = read('port');
  if (port) {
    if (!/^\d+$/.test(port.value) || Number(port.value) > 65535) {
      throw new S3EmulatorConfigError(`${port.source} must be a port number from 0 to 65535, got "${port.value}".`);
    }
    options.port = Number(port.value);
  }
  const buckets = read('buckets');
  if (buckets) {
    options.buckets = buckets.value
      .split(',')
      .map((bucket) => bucket.trim())
      .filter((bucket) => bucket !== '');
  }
  const auth = read('auth');
  if (auth) {
    const normalized = auth.value.toLowerCase();
    if (!['true', 'false', '1', '0'].includes(normalized)) {
      throw new S3EmulatorConfigError(`${auth.source} must be true or false, got "${auth.value}".`);
    }
    options.auth = normalized === 'true' || normalized === '1';
  }
  for (const setting of ['host', 'dataDir', 'accessKeyId', 'secretAccessKey', 'region'] as const) {
    const value = read(setting);
    if (value) options[setting] = value.value;
  }
  return options;
}

/** Reads this process's environment and arguments. */
export function readS3EmulatorConfig(): S3EmulatorOptions {
  return parseS3EmulatorConfig(process.env, process.argv.slice(2));
}
