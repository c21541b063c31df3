import { randomBytes } from 'node:crypto';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  ProjectNotFoundError,
  UpstreamError,
  isUserFacingError,
} from '@trainops/contracts';
import type { UserFacingError } from '@trainops/contracts';
import { buildErrorMessage } from '@trainops/slack-ui';
import type { SlackMessage } from '@trainops/slack-ui';
import type { Logger } from './logger.ts';

// The bot's one translation point from errors to what a Slack user sees. A UserFacingError
// (ours, or the api's rebuilt by the api-client) is shown with its own message; anything else is a
// bug or an outage we did not foresee: the user gets a reference, the log gets the whole error.

export interface ErrorReplyOptions {
  logger: Logger;
  /** The syntax of the command, shown under the message. */
  usage?: string;
  /** Logged with the error so the reference leads to the request. */
  context?: Record<string, unknown>;
}

// Most specific first: ProjectNotFoundError is also a NotFoundError.
const titles: [new (...args: never[]) => UserFacingError, string][] = [
  [ProjectNotFoundError, 'Unknown project'],
  [InputError, 'Please check the command'],
  [NotAllowedError, 'Not allowed'],
  [NotFoundError, 'Not found'],
  [ConflictError, 'That clashes with what is already there'],
  [PayloadTooLargeError, 'Too large'],
  [AuthenticationError, 'The bot could not sign in to the training API'],
  [UpstreamError, 'The training service is not answering'],
];

export function titleForError(error: UserFacingError): string {
  return titles.find(([ErrorClass]) => error instanceof ErrorClass)?.[1] ?? 'That did not work';
}

export function buildErrorReply(error: unknown, options: ErrorReplyOptions): SlackMessage {
  if (isUserFacingError(error)) {
    const level = error instanceof UpstreamError || error instanceof AuthenticationError ? 'warn' : 'info';
    options.logger[level]({ ...options.context, err: error, code: error.code }, 'command refused');
    return buildErrorMessage({
      title: titleForError(error),
      lines: error.message.split('\n'),
      ...(options.usage === undefined || !(error instanceof InputError) ? {} : { usage: options.usage }),
    });
  }
  const reference = randomBytes(4).toString('hex');
  options.logger.error({ ...options.context, err: error, reference }, 'command failed');
  return buildErrorMessage({
    title: `Something went wrong on our side (ref ${reference})`,
    lines: ['Please try again in a moment; if it keeps happening, give the team this reference.'],
    reference,
  });
}

/** Refused because of what was asked, as opposed to something on our side failing. */
export function isRefusal(error: unknown): boolean {
  return isUserFacingError(error) && !(error instanceof UpstreamError);
}
