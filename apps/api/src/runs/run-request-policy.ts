import { InputError, NotAllowedError } from '@trainops/contracts';
import type { CreateRunRequestSchema, ParameterValue, RunTrigger, SlackOrigin } from '@trainops/contracts';
import type { z } from 'zod';
import type { Caller } from '../auth/authenticate.ts';

export type CreateRunBody = z.output<typeof CreateRunRequestSchema>;

/** A create-run request with the caller's rights applied: who asked, and how. */
export interface RunRequest {
  project: string;
  params: Record<string, ParameterValue>;
  trigger: RunTrigger;
  requester: string;
  /** True when the requester is a Slack user the bot vouches for (project access rules apply). */
  requesterIsSlackUser: boolean;
  slack: SlackOrigin | undefined;
  /** The authenticated caller: it owns the idempotency key and is recorded in the audit log. */
  callerId: string;
}

// Scheduled runs come from the api's own scheduler, never over HTTP.
const triggersByCaller: Record<Caller['kind'], readonly RunTrigger[]> = {
  client: ['api', 'git'],
  bot: ['slash', 'api'],
};

/** Applies what the caller may say about a run; throws NotAllowedError naming what it may not. */
export function resolveRunRequest(caller: Caller, body: CreateRunBody): RunRequest {
  if (!triggersByCaller[caller.kind].includes(body.trigger)) {
    throw new NotAllowedError(
      body.trigger === 'slash'
        ? 'Only the Slack bot may start runs with trigger "slash"; API clients start runs with trigger "api".'
        : `This caller may not start runs with trigger "${body.trigger}"; allowed: ${triggersByCaller[caller.kind].join(', ')}.`,
    );
  }

  if (caller.kind === 'client') {
    if (body.requester !== undefined) {
      throw new NotAllowedError(
        `API clients may not set "requester": runs started with this token are recorded as requested by ${caller.id}.`,
      );
    }
    if (body.slack !== undefined) {
      throw new NotAllowedError('Only the Slack bot may attach a Slack origin ("slack") to a run.');
    }
    return { ...pick(body), requester: caller.id, requesterIsSlackUser: false, callerId: caller.id };
  }

  if (body.requester === undefined) {
    if (body.trigger === 'slash') {
      throw new InputError('A run with trigger "slash" needs "requester": the Slack user id of the person who asked.');
    }
    return { ...pick(body), requester: caller.id, requesterIsSlackUser: false, callerId: caller.id };
  }
  return { ...pick(body), requester: body.requester, requesterIsSlackUser: true, callerId: caller.id };
}

function pick(body: CreateRunBody) {
  return { project: body.project, params: body.params, trigger: body.trigger, slack: body.slack };
}
