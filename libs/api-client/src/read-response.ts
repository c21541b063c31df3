import { ErrorBodySchema, UpstreamError, fromErrorBody } from '@trainops/contracts';
import type { UserFacingError } from '@trainops/contracts';
import type { z } from 'zod';
import type { SendOutcome } from './send-request.ts';

// Turns what came back from the wire into a parsed value or one typed error. Every failure the
// caller sees is a UserFacingError whose message can be shown to a person as it is.

export interface CallDescription {
  /** Whether the call can change something (start a run); decides what the message promises. */
  changesState: boolean;
  /** For a call that changes state: what to say when it surely never arrived; default "Nothing was started." */
  nothingHappened?: string;
  /** …and when it may have arrived; default: the run may or may not have started. */
  mayHaveHappened?: string;
}

export type ReadResult<T> = { ok: true; value: T; response: Response } | { ok: false; error: UserFacingError };

export async function readResponse<S extends z.ZodType>(
  outcome: SendOutcome,
  schema: S,
  call: CallDescription,
): Promise<ReadResult<z.infer<S>>> {
  if (outcome.kind === 'no-answer') {
    const { failure } = outcome;
    return {
      ok: false,
      error: new UpstreamError(
        `The training API did not answer (${failure.reason}). ${consequence(call, failure.mayHaveArrived)}`,
        { cause: failure.cause, details: { attempts: outcome.attempts } },
      ),
    };
  }

  const { response } = outcome;
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    return {
      ok: false,
      error: new UpstreamError(
        `The training API did not answer (the answer broke off, HTTP ${response.status}). ${consequence(call, true)}`,
        { cause },
      ),
    };
  }
  const json = parseJson(text);

  if (!response.ok) {
    const errorBody = ErrorBodySchema.safeParse(json.ok ? json.value : undefined);
    if (errorBody.success) return { ok: false, error: fromErrorBody(errorBody.data) };
    // No body of ours: a proxy, a wrong base URL or a crash answered. A 4xx was refused before
    // anything happened; a 5xx may have come after the api began to act.
    const refused = response.status < 500;
    const what = refused ? 'answered unexpectedly' : 'did not answer';
    return {
      ok: false,
      error: new UpstreamError(
        `The training API ${what} (HTTP ${response.status}). ${consequence(call, !refused)}`,
        { details: { status: response.status, attempts: outcome.attempts, body: text.slice(0, 500) } },
      ),
    };
  }

  if (!json.ok) {
    return { ok: false, error: unreadable(call, `HTTP ${response.status}, not JSON`, json.error) };
  }
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    return { ok: false, error: unreadable(call, `HTTP ${response.status}, unexpected shape`, parsed.error) };
  }
  return { ok: true, value: parsed.data, response };
}

function unreadable(call: CallDescription, detail: string, cause: unknown): UpstreamError {
  return new UpstreamError(
    `The training API sent an answer we could not read (${detail}). ${consequence(call, true)}`,
    { cause },
  );
}

function consequence(call: CallDescription, mayHaveArrived: boolean): string {
  if (!call.changesState) return 'Please try again in a moment.';
  if (!mayHaveArrived) return call.nothingHappened ?? 'Nothing was started.';
  return call.mayHaveHappened ?? 'The run may or may not have started: check the list of runs before trying again.';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}
