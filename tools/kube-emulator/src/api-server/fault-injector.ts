// Faults a test can switch on to see how a client copes with a misbehaving API server: slow
// answers, bursts of 403/409/429/500/503, watches cut short, and a short history so resumes hit
// 410 Gone. A burst's answer reads exactly like the real server's for that request (who asked,
// for what, in which namespace), because clients branch on `reason` and people read `message`.
import type { KubeStatusError } from './kube-status.ts';
import {
  alreadyExistsError,
  conflictError,
  forbiddenError,
  internalError,
  serviceUnavailableError,
  staleObjectMessage,
  tooManyRequestsError,
} from './kube-status.ts';
import type { ResourceName } from './resource-pattern.ts';
import { matchesResourcePattern } from './resource-pattern.ts';
import type { ResourceAttributes } from './token-auth.ts';
import { buildForbiddenReason } from './token-auth.ts';

export const burstStatuses = [403, 409, 429, 500, 503] as const;
export type BurstStatus = (typeof burstStatuses)[number];

export interface FaultBurst {
  /**
   * The answer: 403 Forbidden (the authorizer's refusal for the request's user), 409
   * AlreadyExists for a create / Conflict otherwise (only resource requests), 429
   * TooManyRequests (with Retry-After), 500 InternalError or 503 ServiceUnavailable.
   */
  status: BurstStatus;
  /** How many of the next matching requests fail. */
  count: number;
  /** Only requests with this verb (`get`, `list`, `watch`, `create`, …). */
  verb?: string;
  /** Only requests for this resource (`workflows`, `pods/log`, `workflows.argoproj.io`, `*`). */
  resource?: string;
  /** Seconds in Retry-After for 429 answers; default 1. */
  retryAfterSeconds?: number;
}

export interface FaultConfig {
  /** Added to every API request before it is answered. */
  latencyMs: number;
  /** End every watch after this many ADDED/MODIFIED/DELETED events; null for no limit. */
  watchEventLimit: number | null;
  /** Treat only the last N writes as history (resumes from older versions get 410); null for the server's window. */
  historyWindow: number | null;
  /** Consumed front to back: the first burst matching a request fails it and counts down. */
  bursts: FaultBurst[];
}

export function buildDefaultFaults(): FaultConfig {
  return { latencyMs: 0, watchEventLimit: null, historyWindow: null, bursts: [] };
}

export interface FaultInjector {
  current(): FaultConfig;
  /** Replaces the given keys, keeps the others. */
  set(faults: Partial<FaultConfig>): void;
  clear(): void;
  /**
   * The burst that fails this request, if one matches (and counts it). `resource` is undefined
   * for paths outside the resource API (discovery, /version); 409 bursts never match those.
   */
  takeBurst(verb: string, resource: ResourceName | undefined): FaultBurst | undefined;
}

/** The request a burst fails, as the real server's 403 and 409 answers name it. */
export interface BurstRequest {
  /** The authenticated user ('' when none). */
  user: string;
  verb: string;
  /** The URL path, named by a 403 outside the resource API. */
  path: string;
  /**
   * Undefined outside the resource API. `name` is the object's: from the path, or for a create
   * from the body (the caller reads it only for a 409, which names it).
   */
  attributes: ResourceAttributes | undefined;
}

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

function parseBurst(value: unknown, where: string): FaultBurst {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where} must be an object`);
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !['status', 'count', 'verb', 'resource', 'retryAfterSeconds'].includes(key));
  if (unknown.length > 0) throw new Error(`${where} has unknown keys: ${unknown.join(', ')} (allowed: status, count, verb, resource, retryAfterSeconds)`);
  const { status, count, verb, resource, retryAfterSeconds } = record;
  if (!burstStatuses.includes(status as BurstStatus)) throw new Error(`${where}.status must be one of ${burstStatuses.join(', ')}`);
  if (!isWholeNumber(count, 1)) throw new Error(`${where}.count must be a whole number of at least 1`);
  if (verb !== undefined && (typeof verb !== 'string' || verb === '')) throw new Error(`${where}.verb must be a non-empty string when given`);
  if (resource !== undefined && (typeof resource !== 'string' || resource === '')) {
    throw new Error(`${where}.resource must be a non-empty string when given`);
  }
  if (retryAfterSeconds !== undefined && !isWholeNumber(retryAfterSeconds, 0)) {
    throw new Error(`${where}.retryAfterSeconds must be a whole number of seconds when given`);
  }
  return {
    status: status as BurstStatus,
    count,
    ...(verb === undefined ? {} : { verb: verb as string }),
    ...(resource === undefined ? {} : { resource: resource as string }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

/** Checks faults given as data (options, env JSON, the HTTP endpoint); the message names the bad field. */
export function parseFaultConfig(value: unknown, source: string): Partial<FaultConfig> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${source} must be a JSON object with any of latencyMs, watchEventLimit, historyWindow, bursts`);
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !['latencyMs', 'watchEventLimit', 'historyWindow', 'bursts'].includes(key));
  if (unknown.length > 0) {
    throw new Error(`${source} has unknown keys: ${unknown.join(', ')} (allowed: latencyMs, watchEventLimit, historyWindow, bursts)`);
  }
  const parsed: Partial<FaultConfig> = {};
  if (record['latencyMs'] !== undefined) {
    if (!isWholeNumber(record['latencyMs'], 0) || record['latencyMs'] > 60_000) {
      throw new Error(`${source}.latencyMs must be a whole number of milliseconds from 0 to 60000`);
    }
    parsed.latencyMs = record['latencyMs'];
  }
  for (const key of ['watchEventLimit', 'historyWindow'] as const) {
    const field = record[key];
    if (field === undefined) continue;
    if (field !== null && !isWholeNumber(field, 1)) throw new Error(`${source}.${key} must be a whole number of at least 1, or null to switch it off`);
    parsed[key] = field;
  }
  if (record['bursts'] !== undefined) {
    const bursts = record['bursts'];
    if (!Array.isArray(bursts)) throw new Error(`${source}.bursts must be a list`);
    parsed.bursts = bursts.map((burst: unknown, index) => parseBurst(burst, `${source}.bursts[${index}]`));
  }
  return parsed;
}

/** Whether answering this burst needs the name of the object a create would make. */
export function needsCreatedName(burst: FaultBurst, verb: string): boolean {
  return burst.status === 409 && verb === 'create';
}

/** The Status a burst answers with, worded for this request. */
export function buildBurstFailure(burst: FaultBurst, request: BurstRequest): KubeStatusError {
  const { attributes } = request;
  switch (burst.status) {
    case 403:
      if (attributes === undefined) {
        // k8s.io/apiserver's wording for a non-resource URL.
        return forbiddenError({ group: '', name: '' }, '', `User "${request.user}" cannot ${request.verb} path "${request.path}"`);
      }
      return forbiddenError({ group: attributes.group, name: attributes.plural }, attributes.name, buildForbiddenReason(request.user, attributes));
    case 409: {
      // takeBurst never hands out a 409 outside the resource API.
      const resource = { group: attributes?.group ?? '', name: attributes?.plural ?? '' };
      const name = attributes?.name ?? '';
      return request.verb === 'create' ? alreadyExistsError(resource, name) : conflictError(resource, name, staleObjectMessage);
    }
    case 429:
      return tooManyRequestsError(burst.retryAfterSeconds ?? 1);
    case 500:
      return internalError('injected fault (kube-emulator)');
    case 503:
      return serviceUnavailableError('the server is currently unable to handle the request (injected fault)');
  }
}

export function createFaultInjector(initial: Partial<FaultConfig> = {}): FaultInjector {
  let faults: FaultConfig = { ...buildDefaultFaults(), ...structuredClone(initial) };
  return {
    current: () => structuredClone(faults),
    set(update) {
      faults = { ...faults, ...structuredClone(update) };
    },
    clear() {
      faults = buildDefaultFaults();
    },
    takeBurst(verb, resource) {
      const index = faults.bursts.findIndex(
        (burst) =>
          (burst.status !== 409 || resource !== undefined) &&
          (burst.verb === undefined || burst.verb === verb) &&
          (burst.resource === undefined || (resource !== undefined && matchesResourcePattern(burst.resource, resource))),
      );
      const burst = faults.bursts[index];
      if (burst === undefined) return undefined;
      burst.count -= 1;
      if (burst.count <= 0) faults.bursts.splice(index, 1);
      return { ...burst };
    },
  };
}
