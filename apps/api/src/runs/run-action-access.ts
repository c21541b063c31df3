import { NotAllowedError } from '@trainops/contracts';
import type { ProjectRegistry } from '@trainops/projects';
import { isUserGroupId } from './requester-access.ts';
import type { ResolveUserGroupMembers } from './requester-access.ts';
import type { RunAction, RunActor } from './run-actor.ts';

export interface RunActionAccessOptions {
  action: RunAction;
  run: { project: string; requester: string };
  actor: RunActor;
  projects: ProjectRegistry;
  resolveUserGroupMembers: ResolveUserGroupMembers | undefined;
}

/** Why the actor may act: approvers have rights over every run of their project. */
export type RunActionRole = 'approver' | 'requester';

/**
 * Allows the run's requester and the project's `slack.approvers` (users, or members of listed
 * groups); refuses everyone else. A project that left the registry has no approvers any more, so
 * only its requester may still act on its runs.
 */
export async function assertMayActOnRun(options: RunActionAccessOptions): Promise<RunActionRole> {
  const { run, actor, projects } = options;
  const approvers = projects.has(run.project) ? projects.get(run.project).slack.approvers : [];
  if (actor.isSlackUser && (await isApprover(actor.id, approvers, options.resolveUserGroupMembers))) return 'approver';
  if (actor.id === run.requester) return 'requester';
  throw new NotAllowedError(`Only the requester or an approver of ${run.project} can ${options.action} this run.`, {
    details: { project: run.project, requester: run.requester, approvers: [...approvers] },
  });
}

async function isApprover(
  userId: string,
  approvers: readonly string[],
  resolveUserGroupMembers: ResolveUserGroupMembers | undefined,
): Promise<boolean> {
  if (approvers.includes(userId)) return true;
  // Without a resolver a group matches no one: the same fail-closed rule as for requesters.
  if (resolveUserGroupMembers === undefined) return false;
  for (const group of approvers.filter(isUserGroupId)) {
    if ((await resolveUserGroupMembers(group)).includes(userId)) return true;
  }
  return false;
}
