// Slack redelivers an interaction it thinks we missed with the very same payload, and each click
// carries its own action_ts (and trigger_id). A key made from them is the same for every
// delivery of one click, so the api starts one run per click; the run id keeps keys of different
// runs apart and the team id keys of two workspaces.

export interface SlackClick {
  teamId: string;
  /** The click's action_ts; its trigger_id when Slack sent no action_ts. */
  clickId: string;
  action: string;
  runId: string;
}

export function buildClickIdempotencyKey(click: SlackClick): string {
  return `slack:${click.teamId}:${click.clickId}:${click.action}:${click.runId}`;
}
