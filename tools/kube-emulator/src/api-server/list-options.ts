// Query parameters of list and watch requests, checked once with messages that name the parameter.
import type { ResourceDefinition } from './resource-definitions.ts';
import { badRequestError } from './kube-status.ts';
import type { LabelSelector } from './label-selector.ts';
import { SelectorParseError, parseLabelSelector } from './label-selector.ts';
import type { FieldSelector } from './field-selector.ts';
import { assertSelectableFields, parseFieldSelector } from './field-selector.ts';

export interface ContinueToken {
  /** The resourceVersion of the first page: every page shows the list as it was then. */
  resourceVersion: number;
  /** The key after which the next page starts. */
  startAfter: string;
}

export interface ListOptions {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  /** Undefined or 0: everything. */
  limit: number | undefined;
  continueToken: ContinueToken | undefined;
  /** Undefined when not given; '0' means "any"; otherwise a number. */
  resourceVersion: string | undefined;
  resourceVersionMatch: 'NotOlderThan' | 'Exact' | undefined;
  watch: boolean;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean | undefined;
  timeoutSeconds: number | undefined;
}

/** strconv.ParseBool, which the real server uses for boolean query parameters. */
export function parseBooleanParameter(name: string, value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(value)) return false;
  throw badRequestError(`${name}: Invalid value: "${value}": must be true or false`);
}

export function parseWholeNumberParameter(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw badRequestError(`${name}: Invalid value: "${value}": must be a whole number of 0 or more`);
  }
  return Number(value);
}

/** A resourceVersion a client sent, as a number; 400 when it is not one. */
export function parseResourceVersion(value: string): number {
  if (!/^[0-9]+$/.test(value)) throw badRequestError(`resourceVersion: Invalid value: "${value}": must be a decimal resource version`);
  return Number(value);
}

export function encodeContinueToken(token: ContinueToken): string {
  const json = JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.resourceVersion, start: `${token.startAfter}\u0000` });
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeContinueToken(text: string): ContinueToken {
  const invalid = (why: string) => badRequestError(`continue key is not valid: ${why}`);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (decoded === null || typeof decoded !== 'object') throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  const { v, rv, start } = decoded as Record<string, unknown>;
  if (v !== 'meta.k8s.io/v1') throw invalid('server does not recognize this encoded version');
  if (typeof rv !== 'number' || !Number.isInteger(rv) || rv < 1) throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof start !== 'string' || !start.endsWith('\u0000')) throw invalid('encoded start key is not valid');
  return { resourceVersion: rv, startAfter: start.slice(0, -1) };
}

export function parseListOptions(query: URLSearchParams, definition: ResourceDefinition, watchPath: boolean): ListOptions {
  let labelSelector: LabelSelector;
  let fieldSelector: FieldSelector;
  try {
    labelSelector = parseLabelSelector(query.get('labelSelector') ?? '');
    fieldSelector = parseFieldSelector(query.get('fieldSelector') ?? '');
    assertSelectableFields(fieldSelector, definition);
  } catch (error) {
    if (error instanceof SelectorParseError) throw badRequestError(error.message);
    throw error;
  }
  const continueText = query.get('continue');
  const resourceVersion = query.get('resourceVersion') ?? undefined;
  const resourceVersionMatch = query.get('resourceVersionMatch') ?? undefined;
  if (resourceVersion !== undefined && resourceVersion !== '' && resourceVersion !== '0') parseResourceVersion(resourceVersion);
  if (resourceVersionMatch !== undefined && resourceVersionMatch !== '' && resourceVersionMatch !== 'NotOlderThan' && resourceVersionMatch !== 'Exact') {
    throw badRequestError(`resourceVersionMatch: Unsupported value: "${resourceVersionMatch}": supported values: "Exact", "NotOlderThan"`);
  }
  const watch = watchPath || (parseBooleanParameter('watch', query.get('watch')) ?? false);
  if (continueText !== null && continueText !== '' && resourceVersion !== undefined && resourceVersion !== '') {
    throw badRequestError('specifying resource version is not allowed when using continue');
  }
  return {
    labelSelector,
    fieldSelector,
    limit: parseWholeNumberParameter('limit', query.get('limit')),
    continueToken: continueText === null || continueText === '' ? undefined : decodeContinueToken(continueText),
    resourceVersion: resourceVersion === '' ? undefined : resourceVersion,
    resourceVersionMatch: resourceVersionMatch === '' ? undefined : (resourceVersionMatch as ListOptions['resourceVersionMatch']),
    watch,
    allowWatchBookmarks: parseBooleanParameter('allowWatchBookmarks', query.get('allowWatchBookmarks')) ?? false,
    sendInitialEvents: parseBooleanParameter('sendInitialEvents', query.get('sendInitialEvents')),
    timeoutSeconds: parseWholeNumberParameter('timeoutSeconds', query.get('timeoutSeconds')),
  };
}
