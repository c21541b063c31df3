import { NotAllowedError } from '@trainops/contracts';

/** Looks up the members (Slack user ids) of a Slack user group (an id starting with S). */
export type ResolveUserGroupMembers = (groupId: string) => Promise<string[]>;

export interface RequesterAccessOptions {
  project: string;
  /** The project's `slack.requesters`: Slack user ids and user-group ids. Empty → anyone. */
  allowed: readonly string[];
  requester: string;
  resolveUserGroupMembers: ResolveUserGroupMembers | undefined;
}

export function isUserGroupId(entry: string): boolean {
  return /^S[A-Z0-9]+$/.test(entry);
}

// Slack markup, because this message is shown in Slack: mentions render as names there.
function mention(entry: string): string {
  return isUserGroupId(entry) ? `<!subteam^${entry}>` : `<@${entry}>`;
}

/**
 * Refuses a Slack requester who is not on the project's requester list. A group entry matches
 * only through `resolveUserGroupMembers`; without it a group matches no one (fail closed).
 */
export async function assertMayRequest(options: RequesterAccessOptions): Promise<void> {
  const { allowed, requester } = options;
  if (allowed.length === 0 || allowed.includes(requester)) return;

  const groups = allowed.filter(isUserGroupId);
  if (options.resolveUserGroupMembers !== undefined) {
    for (const group of groups) {
      const members = await options.resolveUserGroupMembers(group);
      if (members.includes(requester)) return;
    }
  }

  const who = allowed.map(mention);
  const list = who.length === 1 ? who[0] : `${who.slice(0, -1).join(', ')} or ${who.at(-1)}`;
  const members = groups.length > 0 ? ' (or a member of those groups)' : '';
  throw new NotAllowedError(
    `<@${requester}> may not start runs of ${options.project}. Only ${list}${members} may; ask one of them.`,
    { details: { project: options.project, requesters: [...allowed] } },
  );
}
