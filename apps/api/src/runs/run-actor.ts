import { InputError, NotAllowedError } from '@trainops/contracts';
import type { RunActionRequestSchema } from '@trainops/contracts';
import type { z } from 'zod';
import type { Caller } from '../auth/authenticate.ts';

export type RunActionBody = z.output<typeof RunActionRequestSchema>;

/** Who acts on an existing run (cancel, retry), with the caller's rights applied. */
export interface RunActor {
  /** A Slack user id (through the bot) or `client:<name>`: compared with the run's requester. */
  id: string;
  /** True when the bot vouches for a Slack user: project access lists apply to them. */
  isSlackUser: boolean;
  /** The authenticated caller: it owns idempotency keys and is recorded in the audit log. */
  callerId: string;
}

export type RunAction = 'cancel' | 'retry';

/**
 * The same rule as for creating runs: a machine client acts as itself and may not speak for
 * anyone; the bot must say which Slack user clicked, since every check is about that person.
 */
export function resolveRunActor(caller: Caller, body: RunActionBody, action: RunAction): RunActor {
  if (caller.kind === 'client') {
    if (body.requester !== undefined) {
      throw new NotAllowedError(
        `API clients may not set "requester": a ${action} sent with this token is made by ${caller.id}.`,
      );
    }
    return { id: caller.id, isSlackUser: false, callerId: caller.id };
  }
  if (body.requester === undefined) {
    throw new InputError(`A ${action} from the bot needs "requester": the Slack user id of the person who clicked.`);
  }
  return { id: body.requester, isSlackUser: true, callerId: caller.id };
}
