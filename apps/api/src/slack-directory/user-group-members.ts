import { UpstreamError } from '@trainops/contracts';
import type { ResolveUserGroupMembers } from '../runs/requester-access.ts';

// A project's requester list may name Slack user groups (S…). Membership comes from Slack's
// usergroups.users.list, a tier-2 method (about 20 calls a minute): a busy channel typing /train
// would exhaust it, so members are kept for a short while, and concurrent lookups of one group
// share one call. When Slack cannot be asked, the last known members still answer (a group
// changes rarely); without any, the request is refused with a message saying why — never
// allowed on a guess.

/** The one Web API method this needs, as @slack/web-api's WebClient offers it. */
export interface UserGroupDirectory {
  usergroups: {
    users: {
      list(args: { usergroup: string }): Promise<{ ok?: boolean; users?: string[]; error?: string }>;
    };
  };
}

export interface SlackUserGroupResolverOptions {
  directory: UserGroupDirectory;
  /** How long looked-up members are trusted before Slack is asked again. */
  ttlMs: number;
  now?: () => number;
}

interface CachedMembers {
  members: string[];
  fetchedAt: number;
}

export function createSlackUserGroupResolver(options: SlackUserGroupResolverOptions): ResolveUserGroupMembers {
  const now = options.now ?? Date.now;
  const cache = new Map<string, CachedMembers>();
  const inFlight = new Map<string, Promise<string[]>>();

  async function fetchMembers(groupId: string): Promise<string[]> {
    try {
      const answer = await options.directory.usergroups.users.list({ usergroup: groupId });
      const members = answer.users ?? [];
      cache.set(groupId, { members, fetchedAt: now() });
      return members;
    } catch (error) {
      const stale = cache.get(groupId);
      if (stale !== undefined) return stale.members;
      const reason = slackErrorCode(error);
      throw new UpstreamError(
        `Slack could not list the members of user group <!subteam^${groupId}> (${reason}), so membership cannot be checked right now; try again in a moment.`,
        { cause: error, details: { userGroup: groupId, reason } },
      );
    }
  }

  return async function resolveUserGroupMembers(groupId: string): Promise<string[]> {
    const cached = cache.get(groupId);
    if (cached !== undefined && now() - cached.fetchedAt < options.ttlMs) return cached.members;
    let pending = inFlight.get(groupId);
    if (pending === undefined) {
      pending = fetchMembers(groupId).finally(() => inFlight.delete(groupId));
      inFlight.set(groupId, pending);
    }
    return pending;
  };
}

/** Slack's error code (`no_such_subteam`, `ratelimited`, …) or the transport's message. */
function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  if (typeof data?.error === 'string') return data.error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('slack_webapi_rate_limited')) return 'rate limited';
  return error instanceof Error ? error.message : String(error);
}
