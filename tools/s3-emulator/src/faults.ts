// Fault injection for outage tests: rules that make the next N matching requests fail (500
// InternalError, 503 SlowDown, or a connection cut mid-response) or wait, a latency added to every
// request, and a total outage (503 to everything) until cleared. Set through the start options,
// `S3Emulator.setFaults`, or `POST /_emulator/faults`.

export const s3FaultKinds = ['internal-error', 'slow-down', 'reset', 'latency'] as const;
export type S3FaultKind = (typeof s3FaultKinds)[number];

export interface S3FaultRule {
  /** `reset` cuts the connection after the response headers and a few body bytes. */
  fault: S3FaultKind;
  /** How many matching requests it hits before it is spent. Default 1. */
  count?: number;
  /** Only requests for this operation, named as in the S3 API (`PutObject`, `UploadPart`, …). */
  operation?: string;
  bucket?: string;
  /** Only object requests whose key starts with this. */
  keyPrefix?: string;
  /** For `latency`: how long the matching requests wait, in milliseconds. */
  latencyMs?: number;
}

export interface S3Faults {
  /** Refuse every S3 request with 503 ServiceUnavailable until the faults are cleared. */
  outage?: boolean;
  /** Added to every S3 request, in milliseconds. */
  latencyMs?: number;
  rules?: S3FaultRule[];
}

export interface S3FaultRuleState extends S3FaultRule {
  count: number;
  remaining: number;
}

export interface S3FaultsState {
  outage: boolean;
  latencyMs: number;
  rules: S3FaultRuleState[];
}

/** Invalid fault settings; the message names the offending field. */
export class S3FaultsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'S3FaultsInputError';
  }
}

const MAX_LATENCY_MS = 120_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readLatency(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LATENCY_MS) {
    throw new S3FaultsInputError(`${field} must be an integer number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function readOptionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new S3FaultsInputError(`${field} must be a non-empty string, got ${JSON.stringify(value)}.`);
  return value;
}

function parseRule(value: unknown, index: number, knownOperations: readonly string[]): S3FaultRule {
  const at = `rules[${index}]`;
  if (!isRecord(value)) throw new S3FaultsInputError(`${at} must be an object, got ${JSON.stringify(value)}.`);
  const allowed = new Set(['fault', 'count', 'operation', 'bucket', 'keyPrefix', 'latencyMs']);
  const unknown = Object.keys(value).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new S3FaultsInputError(`${at} has unknown field(s) ${unknown.join(', ')}; known fields: ${[...allowed].join(', ')}.`);
  }
  const fault = value['fault'];
  if (typeof fault !== 'string' || !(s3FaultKinds as readonly string[]).includes(fault)) {
    throw new S3FaultsInputError(`${at}.fault must be one of ${s3FaultKinds.join(', ')}, got ${JSON.stringify(fault)}.`);
  }
  const rule: S3FaultRule = { fault: fault as S3FaultKind };
  if (value['count'] !== undefined) {
    const count = value['count'];
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      throw new S3FaultsInputError(`${at}.count must be a positive integer, got ${JSON.stringify(count)}.`);
    }
    rule.count = count;
  }
  const operation = readOptionalString(value['operation'], `${at}.operation`);
  if (operation !== undefined) {
    if (!knownOperations.includes(operation)) {
      throw new S3FaultsInputError(`${at}.operation must be an S3 operation name such as ${knownOperations.slice(0, 4).join(', ')}…, got "${operation}". Known: ${knownOperations.join(', ')}.`);
    }
    rule.operation = operation;
  }
  const bucket = readOptionalString(value['bucket'], `${at}.bucket`);
  if (bucket !== undefined) rule.bucket = bucket;
  const keyPrefix = readOptionalString(value['keyPrefix'], `${at}.keyPrefix`);
  if (keyPrefix !== undefined) rule.keyPrefix = keyPrefix;
  if (rule.fault === 'latency') {
    rule.latencyMs = readLatency(value['latencyMs'], `${at}.latencyMs`);
  } else if (value['latencyMs'] !== undefined) {
    throw new S3FaultsInputError(`${at}.latencyMs only applies to fault "latency".`);
  }
  return rule;
}

/** Validates fault settings from untrusted JSON (or options); throws S3FaultsInputError. */
export function parseS3Faults(value: unknown, knownOperations: readonly string[]): S3Faults {
  if (!isRecord(value)) throw new S3FaultsInputError(`faults must be a JSON object, got ${JSON.stringify(value)}.`);
  const allowed = new Set(['outage', 'latencyMs', 'rules']);
  const unknown = Object.keys(value).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new S3FaultsInputError(`faults has unknown field(s) ${unknown.join(', ')}; known fields: outage, latencyMs, rules.`);
  }
  const faults: S3Faults = {};
  if (value['outage'] !== undefined) {
    if (typeof value['outage'] !== 'boolean') throw new S3FaultsInputError(`outage must be true or false, got ${JSON.stringify(value['outage'])}.`);
    faults.outage = value['outage'];
  }
  if (value['latencyMs'] !== undefined) faults.latencyMs = readLatency(value['latencyMs'], 'latencyMs');
  if (value['rules'] !== undefined) {
    if (!Array.isArray(value['rules'])) throw new S3FaultsInputError(`rules must be an array, got ${JSON.stringify(value['rules'])}.`);
    faults.rules = value['rules'].map((rule, index) => parseRule(rule, index, knownOperations));
  }
  return faults;
}

export interface FaultRequest {
  operation: string;
  bucket?: string;
  key?: string;
}

export interface FaultDecision {
  delayMs: number;
  failure?: 'outage' | 'internal-error' | 'slow-down' | 'reset';
}

function matches(rule: S3FaultRuleState, request: FaultRequest): boolean {
  if (rule.remaining <= 0) return false;
  if (rule.operation !== undefined && rule.operation !== request.operation) return false;
  if (rule.bucket !== undefined && rule.bucket !== request.bucket) return false;
  if (rule.keyPrefix !== undefined && !(request.key ?? '').startsWith(rule.keyPrefix)) return false;
  if (rule.keyPrefix !== undefined && request.key === undefined) return false;
  return true;
}

/** Holds the current faults and decides, request by request, what goes wrong. */
export class FaultInjector {
  private current: S3FaultsState = { outage: false, latencyMs: 0, rules: [] };

  /** Replaces every fault setting (already validated by parseS3Faults). */
  set(faults: S3Faults): void {
    this.current = {
      outage: faults.outage ?? false,
      latencyMs: faults.latencyMs ?? 0,
      rules: (faults.rules ?? []).map((rule) => ({ ...rule, count: rule.count ?? 1, remaining: rule.count ?? 1 })),
    };
  }

  clear(): void {
    this.set({});
  }

  state(): S3FaultsState {
    return {
      outage: this.current.outage,
      latencyMs: this.current.latencyMs,
      rules: this.current.rules.map((rule) => ({ ...rule })),
    };
  }

  /**
   * Spends the rules this request matches: every matching latency rule adds its delay, the first
   * matching failure rule fails it. Spent rules stay listed with `remaining: 0`.
   */
  decide(request: FaultRequest): FaultDecision {
    const decision: FaultDecision = { delayMs: this.current.latencyMs };
    if (this.current.outage) return { ...decision, failure: 'outage' };
    for (const rule of this.current.rules) {
      if (!matches(rule, request)) continue;
      if (rule.fault === 'latency') {
        rule.remaining -= 1;
        decision.delayMs += rule.latencyMs ?? 0;
        continue;
      }
      if (decision.failure === undefined) {
        rule.remaining -= 1;
        decision.failure = rule.fault;
      }
    }
    return decision;
  }
}
