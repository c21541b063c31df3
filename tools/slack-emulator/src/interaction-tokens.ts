// The short-lived handles Slack gives an app with each interaction: a trigger_id (to open a modal
// within seconds, once) and a response_url (to answer up to five times within thirty minutes).

export type TriggerOutcome =
  | { ok: true; user: string }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export interface TriggerIds {
  issue(user: string): string;
  /** Uses the trigger once; a second use is `exchanged_trigger_id`, a late one `expired_trigger_id`. */
  redeem(triggerId: string): TriggerOutcome;
  clear(): void;
}

export function createTriggerIds(makeId: () => string, ttlMs: () => number, now: () => number = Date.now): TriggerIds {
  let issued = new Map<string, { user: string; at: number; used: boolean }>();
  return {
    issue(user) {
      const id = makeId();
      issued.set(id, { user, at: now(), used: false });
      return id;
    },
    redeem(triggerId) {
      const entry = issued.get(triggerId);
      if (entry === undefined) return { ok: false, error: 'invalid_trigger_id' };
      if (entry.used) return { ok: false, error: 'exchanged_trigger_id' };
      if (now() - entry.at > ttlMs()) return { ok: false, error: 'expired_trigger_id' };
      entry.used = true;
      return { ok: true, user: entry.user };
    },
    clear() {
      issued = new Map();
    },
  };
}

export type ResponseUrlKind = 'commands' | 'actions';

export interface OriginalMessageRef {
  kind: 'message' | 'ephemeral';
  channel: string;
  ts: string;
}

export interface ResponseUrlRecord {
  id: string;
  secret: string;
  kind: ResponseUrlKind;
  channel: string;
  user: string;
  createdAt: number;
  uses: number;
  /** The message `replace_original`/`delete_original` act on. */
  original?: OriginalMessageRef;
}

export interface ResponseUrlLimits {
  maxUses: number;
  ttlMs: number;
}

export interface ResponseUrls {
  issue(input: { kind: ResponseUrlKind; channel: string; user: string; original?: OriginalMessageRef }): ResponseUrlRecord;
  path(record: ResponseUrlRecord): string;
  find(kind: string, id: string, secret: string): ResponseUrlRecord | undefined;
  /** Why the URL may not be used now, or undefined when it may. */
  refusal(record: ResponseUrlRecord): 'expired_url' | 'used_url' | undefined;
  clear(): void;
}

export function createResponseUrls(
  teamId: string,
  makeId: () => string,
  makeSecret: () => string,
  limits: () => ResponseUrlLimits,
  now: () => number = Date.now,
): ResponseUrls {
  let records = new Map<string, ResponseUrlRecord>();
  return {
    issue(input) {
      const record: ResponseUrlRecord = { ...input, id: makeId(), secret: makeSecret(), createdAt: now(), uses: 0 };
      records.set(record.id, record);
      return record;
    },
    // Same shape as Slack's https://hooks.slack.com/commands/T…/<id>/<secret>.
    path: (record) => `/${record.kind}/${teamId}/${record.id}/${record.secret}`,
    find(kind, id, secret) {
      const record = records.get(id);
      return record !== undefined && record.kind === kind && record.secret === secret ? record : undefined;
    },
    refusal(record) {
      const { maxUses, ttlMs } = limits();
      if (now() - record.createdAt > ttlMs) return 'expired_url';
      if (record.uses >= maxUses) return 'used_url';
      return undefined;
    },
    clear() {
      records = new Map();
    },
  };
}
