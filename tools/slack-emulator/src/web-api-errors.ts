import { isJsonObject, parseJsonOrUndefined } from './json-values.ts';

// How a Web API method refuses: `{"ok": false, "error": "<code>", …extra}` with HTTP 200, as Slack
// does for every error except rate limiting.

export class SlackApiError extends Error {
  readonly error: string;
  readonly extra: Record<string, unknown>;

  constructor(error: string, extra: Record<string, unknown> = {}) {
    super(error);
    this.name = 'SlackApiError';
    this.error = error;
    this.extra = extra;
  }
}

/** Slack's `invalid_arguments` with the reasons in `response_metadata.messages`. */
export function invalidArguments(messages: string[]): SlackApiError {
  return new SlackApiError('invalid_arguments', { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
}

/** Slack's `invalid_blocks`: the reasons both in `errors` and, prefixed, in `response_metadata.messages`. */
export function invalidBlocks(problems: string[]): SlackApiError {
  return new SlackApiError('invalid_blocks', {
    errors: problems,
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

export type ApiArgs = Record<string, unknown>;

/** A string argument; numbers are accepted because form bodies and JSON bodies disagree on type. */
export function stringArg(args: ApiArgs, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function requiredStringArg(args: ApiArgs, name: string): string {
  const value = stringArg(args, name);
  if (value === undefined) throw invalidArguments([`missing required field: ${name}`]);
  return value;
}

export function booleanArg(args: ApiArgs, name: string): boolean | undefined {
  const value = args[name];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}

/**
 * A structured argument: form bodies carry it as a JSON string, JSON bodies as the value itself.
 * Unparseable JSON is refused with `invalidError`.
 */
export function jsonArg(args: ApiArgs, name: string, invalidError: () => SlackApiError): unknown {
  const value = args[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  const parsed = parseJsonOrUndefined(value);
  if (parsed === undefined) throw invalidError();
  return parsed;
}

export function objectArg(args: ApiArgs, name: string): Record<string, unknown> | undefined {
  const value = jsonArg(args, name, () => invalidArguments([`${name} must be a JSON object`]));
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw invalidArguments([`${name} must be a JSON object`]);
  return value;
}
