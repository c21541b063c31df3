import { UpstreamError } from '@trainops/contracts';

// What became of one thing the notifier was asked to send. Every request ends in exactly one of
// these, and every failure is also logged, so callers may fire and forget.

export interface DeliveryFailure {
  /** Slack's error (`channel_not_found`, `not_in_channel`, `invalid_blocks`, `ratelimited`, …) or ours (`card_unknown`, `notifier_closed`). */
  error: string;
  /** True when trying again with the same request cannot succeed. */
  permanent: boolean;
  /** Calls made to Slack for this request. */
  attempts: number;
  message: string;
}

export type DeliveryOutcome =
  | { status: 'delivered'; attempts: number; ts?: string; fileId?: string }
  /** A newer card state replaced this one before it was sent; the newer one carries on. */
  | { status: 'superseded' }
  /** Nothing to send: the card already shows a final state (`after_final`) or this very one (`duplicate_final`). */
  | { status: 'skipped'; reason: 'after_final' | 'duplicate_final' }
  | ({ status: 'failed' } & DeliveryFailure);

/** The notifier's own failure codes, beside Slack's. */
export const notifierErrors = {
  cardUnknown: 'card_unknown',
  closed: 'notifier_closed',
  invalidResponse: 'invalid_response',
} as const;

/** Why postRunCard gave no ts. An UpstreamError, so the api's error handler answers 503. */
export class SlackDeliveryError extends UpstreamError {
  readonly failure: DeliveryFailure;

  constructor(failure: DeliveryFailure, options: { cause?: unknown } = {}) {
    super(`Slack did not take the message: ${failure.message}`, { details: { slackError: failure.error, permanent: failure.permanent }, cause: options.cause });
    this.failure = failure;
  }
}
