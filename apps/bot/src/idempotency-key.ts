// Slack redelivers a slash command it thinks we missed (no answer within 3 s, marked with
// X-Slack-Retry-Num) with the very same payload, trigger_id included. A trigger_id is unique to
// one invocation by one person, so a key made from it is the same for every delivery of that
// invocation and different for the next time anyone types the command: the api starts one run
// per key. The team id keeps keys from two workspaces apart.

export interface SlackInvocation {
  teamId: string;
  triggerId: string;
}

export function buildSlackIdempotencyKey(invocation: SlackInvocation): string {
  return `slack:${invocation.teamId}:${invocation.triggerId}`;
}
