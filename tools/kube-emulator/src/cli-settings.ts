// The command-line machinery the stand-in's two commands (API server, Argo controller) share: a
// table of settings, each a flag with an environment variable behind it, turned into usage text
// and into a reader where the flag wins over the variable. What a value must look like stays with
// each command, so its messages and error class stay its own.

export interface CliSetting {
  flag: string;
  env: string;
  description: string;
}

/** A setting's value and where it came from (the flag or the variable), for messages that say which one to fix. */
export interface CliValue {
  value: string;
  where: string;
}

/** Column widths of the usage table; each command keeps its own so its text stays as it was. */
export interface CliUsageColumns {
  flag: number;
  env: number;
}

export function formatCliUsage(command: string, settings: Readonly<Record<string, CliSetting>>, columns: CliUsageColumns): string {
  const header = `  ${'flag'.padEnd(columns.flag)} environment variable`;
  const rows = Object.values(settings).map((s) => `  ${`${s.flag} <value>`.padEnd(columns.flag)} ${s.env.padEnd(columns.env)} ${s.description}`);
  return `Usage: ${command} [flags]\n${header}\n${rows.join('\n')}`;
}

export interface CliInput<Name extends string> {
  settings: Readonly<Record<Name, CliSetting>>;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Appended to the unknown-argument message, so the user sees what is accepted. */
  usage: () => string;
  /** The command's own error class for the two argument faults found here. */
  toError: (message: string) => Error;
}

/**
 * Scans argv (`--flag value` or `--flag=value`; the last one given wins) and returns a reader:
 * a flag wins over its variable, and an empty variable counts as unset. Unknown arguments and
 * flags without a value throw at once, before any value is read.
 */
export function readCliSettings<Name extends string>(input: CliInput<Name>): (name: Name) => CliValue | undefined {
  const flags = scanFlags(input);
  return (name) => {
    const setting = input.settings[name];
    const fromFlag = flags.get(name);
    if (fromFlag !== undefined) return { value: fromFlag, where: setting.flag };
    const fromEnv = input.env[setting.env];
    return fromEnv === undefined || fromEnv === '' ? undefined : { value: fromEnv, where: setting.env };
  };
}

function scanFlags<Name extends string>({ settings, argv, usage, toError }: CliInput<Name>): Map<Name, string> {
  const nameByFlag = new Map((Object.entries(settings) as Array<[Name, CliSetting]>).map(([name, setting]) => [setting.flag, name]));
  const values = new Map<Name, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i] ?? '';
    const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
    const flag = equals > 0 ? argument.slice(0, equals) : argument;
    const inline = equals > 0 ? argument.slice(equals + 1) : undefined;
    const name = nameByFlag.get(flag);
    if (name === undefined) throw toError(`unknown argument "${argument}"\n${usage()}`);
    const value = inline ?? argv[i + 1];
    if (value === undefined) throw toError(`${flag} needs a value`);
    if (inline === undefined) i += 1;
    values.set(name, value);
  }
  return values;
}
