import { InputError } from '@trainops/contracts';
import type { SlackMessage } from '@trainops/slack-ui';
import { systemClock } from './clock.ts';
import type { NotifierClock } from './clock.ts';
import type { DeliveryOutcome } from './delivery-outcome.ts';
import { notifierErrors, SlackDeliveryError } from './delivery-outcome.ts';
import type { NotifierLogger } from './notifier-logger.ts';
import { createRateLimitGates } from './rate-limit-gates.ts';
import { backgroundRetryPolicy, interactiveRetryPolicy } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { createRunLane } from './run-lane.ts';
import type { CardRef, RunLane, ThreadFile } from './run-lane.ts';
import { createSlackCallRunner } from './slack-call-runner.ts';
import type { SlackClientPort, SlackMessageMetadata } from './slack-client-port.ts';
import { createFetchUploader } from './upload-bytes.ts';
import type { UploadBytes } from './upload-bytes.ts';

// The api's one outbound queue to Slack. Every message the api sends goes through here, so the
// policy (coalescing, Retry-After, backoff, giving up) lives in one place and one run's trouble
// — a rate-limited channel, a channel the bot was removed from — never holds up another's.

export interface SlackNotifierOptions {
  client: SlackClientPort;
  clock?: NotifierClock;
  logger: NotifierLogger;
  /** At most one card edit per run per this many ms; newer states replace waiting ones. Default 5000. */
  minCardEditIntervalMs?: number;
  /** Slack calls in flight at once over all runs. Default 8. */
  maxConcurrentCalls?: number;
  /** Retries for run cards, replies and uploads. Default: 6 attempts, up to 15 min of 429 waits. */
  backgroundRetryPolicy?: RetryPolicy;
  /** Retries for answers a person is waiting for (a button click). Default: 2 attempts, 2 s of 429 waits. */
  interactiveRetryPolicy?: RetryPolicy;
  /** Called once per run when its card is first posted, so the api can store the ts. */
  onCardPosted?: (runId: string, channel: string, ts: string) => void | Promise<void>;
  /** Runs whose lanes are kept in memory; idle ones beyond this are forgotten, oldest first. Default 10 000. */
  maxRememberedRuns?: number;
  /** Step two of file uploads; default a fetch POST. */
  uploadBytes?: UploadBytes;
  /** Jitter source; default Math.random. */
  random?: () => number;
}

export interface UpdateRunCardOptions {
  /** The run's last card state: always delivered, exactly once, never followed by an older one. */
  final?: boolean;
}

export interface ThreadReplyOptions {
  metadata?: SlackMessageMetadata;
}

export interface ThreadFileOptions {
  filename: string;
  bytes: Uint8Array;
  title?: string;
}

export interface EphemeralReplyOptions {
  channel: string;
  /** The person who sees it (who clicked). */
  user: string;
  message: SlackMessage;
  threadTs?: string;
}

export interface SlackNotifier {
  /** Posts the run's card (once: later calls answer the same ts) and resolves with its ts. Rejects with SlackDeliveryError. */
  postRunCard(runId: string, channel: string, message: SlackMessage): Promise<string>;
  /** Edits the card in place, coalesced per run. */
  updateRunCard(runId: string, message: SlackMessage, options?: UpdateRunCardOptions): Promise<DeliveryOutcome>;
  /** Posts in the card's thread; `metadata` goes with the message (see SlackMessageMetadata). */
  postThreadReply(runId: string, message: SlackMessage, options?: ThreadReplyOptions): Promise<DeliveryOutcome>;
  /** Uploads a file into the card's thread (files.getUploadURLExternal, upload, files.completeUploadExternal). */
  uploadFileToThread(runId: string, file: ThreadFileOptions): Promise<DeliveryOutcome>;
  /** An ephemeral answer to a person, with the short interactive retry budget; no run needed. */
  respondEphemeral(options: EphemeralReplyOptions): Promise<DeliveryOutcome>;
  /** Gives the notifier a card posted before a restart (Run.slackCardTs). False when it knows another. */
  rememberCard(runId: string, channel: string, ts: string): boolean;
  /** The card of a run, if known. */
  cardOf(runId: string): { channel: string; ts: string } | undefined;
  /** Drops an idle run's lane; false when it still has work. */
  forgetRun(runId: string): boolean;
  /** Resolves once everything queued so far has been delivered or given up (intervals and Retry-After are still honoured). */
  flush(): Promise<void>;
  /** Stops: waits end at once, what is still queued resolves as `notifier_closed`, in-flight calls finish. */
  close(): Promise<void>;
}

export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const clock = options.clock ?? systemClock;
  const { client, logger } = options;
  const minCardEditIntervalMs = options.minCardEditIntervalMs ?? 5_000;
  const maxConcurrentCalls = options.maxConcurrentCalls ?? 8;
  const maxRememberedRuns = options.maxRememberedRuns ?? 10_000;
  const background = options.backgroundRetryPolicy ?? backgroundRetryPolicy;
  const interactive = options.interactiveRetryPolicy ?? interactiveRetryPolicy;
  assertOptions({ minCardEditIntervalMs, maxConcurrentCalls, maxRememberedRuns, background, interactive });

  const closing = new AbortController();
  const runner = createSlackCallRunner({
    clock,
    gates: createRateLimitGates(() => clock.now()),
    logger,
    maxConcurrentCalls,
    random: options.random ?? Math.random,
    signal: closing.signal,
  });
  const uploadBytes = options.uploadBytes ?? createFetchUploader();
  const lanes = new Map<string, RunLane>();
  const interactiveCalls = new Set<Promise<unknown>>();

  function onCardPosted(runId: string, card: CardRef): void {
    if (options.onCardPosted === undefined) return;
    // Storing the ts must not hold up Slack delivery, and its failure must not lose the card.
    Promise.resolve()
      .then(() => options.onCardPosted?.(runId, card.channel, card.ts))
      .catch((error: unknown) => logger.error({ runId, channel: card.channel, ts: card.ts, err: error }, 'onCardPosted failed; the card ts was not stored'));
  }

  function lane(runId: string): RunLane {
    const existing = lanes.get(runId);
    if (existing !== undefined) {
      // Most recently used last, so eviction takes the longest-idle runs.
      lanes.delete(runId);
      lanes.set(runId, existing);
      return existing;
    }
    const created = createRunLane(runId, {
      client,
      runner,
      clock,
      logger,
      uploadBytes,
      minCardEditIntervalMs,
      policy: background,
      signal: closing.signal,
      onCardPosted,
    });
    lanes.set(runId, created);
    evictIdleLanes(runId);
    return created;
  }

  function evictIdleLanes(keep: string): void {
    if (lanes.size <= maxRememberedRuns) return;
    for (const [runId, candidate] of lanes) {
      if (lanes.size <= maxRememberedRuns) break;
      if (runId !== keep && candidate.isIdle()) {
        lanes.delete(runId);
        logger.debug({ runId }, 'forgot an idle run card to bound memory; rememberCard brings it back');
      }
    }
  }

  function knownLane(runId: string): RunLane | undefined {
    return lanes.has(runId) ? lane(runId) : undefined;
  }

  function unknownCard(runId: string, what: string): DeliveryOutcome {
    const message = `no Slack card is known for run ${runId}: post it with postRunCard, or pass its ts from storage with rememberCard`;
    logger.warn({ runId, what, slackError: notifierErrors.cardUnknown }, `Slack notification not delivered (${what}): ${message}`);
    return { status: 'failed', error: notifierErrors.cardUnknown, permanent: true, attempts: 0, message };
  }

  function closedOutcome(): DeliveryOutcome {
    return { status: 'failed', error: notifierErrors.closed, permanent: true, attempts: 0, message: 'the notifier is closed' };
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    interactiveCalls.add(promise);
    void promise.finally(() => interactiveCalls.delete(promise)).catch(() => undefined);
    return promise;
  }

  return {
    async postRunCard(runId, channel, message) {
      requireText('runId', runId);
      requireText('channel', channel);
      requireMessage(message);
      if (closing.signal.aborted) throw new SlackDeliveryError({ error: notifierErrors.closed, permanent: true, attempts: 0, message: 'the notifier is closed' });
      return lane(runId).postCard(channel, message);
    },

    async updateRunCard(runId, message, updateOptions = {}) {
      requireText('runId', runId);
      requireMessage(message);
      if (closing.signal.aborted) return closedOutcome();
      const known = knownLane(runId);
      if (known === undefined) return unknownCard(runId, updateOptions.final ? 'final card edit' : 'card edit');
      return known.updateCard(message, updateOptions.final === true);
    },

    async postThreadReply(runId, message, replyOptions = {}) {
      requireText('runId', runId);
      requireMessage(message);
      if (closing.signal.aborted) return closedOutcome();
      const known = knownLane(runId);
      return known === undefined ? unknownCard(runId, 'thread reply') : known.postReply(message, replyOptions.metadata);
    },

    async uploadFileToThread(runId, file) {
      requireText('runId', runId);
      requireFile(file);
      if (closing.signal.aborted) return closedOutcome();
      const known = knownLane(runId);
      const threadFile: ThreadFile = { filename: file.filename, bytes: file.bytes, ...(file.title === undefined ? {} : { title: file.title }) };
      return known === undefined ? unknownCard(runId, 'file upload') : known.upload(threadFile);
    },

    async respondEphemeral({ channel, user, message, threadTs }) {
      requireText('channel', channel);
      requireText('user', user);
      requireMessage(message);
      if (closing.signal.aborted) return closedOutcome();
      const result = await track(
        runner.run({
          method: 'chat.postEphemeral',
          channel,
          policy: interactive,
          context: { user, what: 'ephemeral reply' },
          call: () => client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks, ...(threadTs === undefined ? {} : { thread_ts: threadTs }) }),
        }),
      );
      if (result.ok) return { status: 'delivered', attempts: result.attempts, ...(result.value.message_ts === undefined ? {} : { ts: result.value.message_ts }) };
      logger.warn(
        { channel, user, what: 'ephemeral reply', slackError: result.failure.error, permanent: result.failure.permanent, attempts: result.failure.attempts },
        `Slack notification not delivered (ephemeral reply): ${result.failure.message}`,
      );
      return { status: 'failed', ...result.failure };
    },

    rememberCard(runId, channel, ts) {
      requireText('runId', runId);
      requireText('channel', channel);
      requireText('ts', ts);
      const remembered = lane(runId).remember({ channel, ts });
      if (!remembered) logger.warn({ runId, channel, ts, known: lanes.get(runId)?.card() }, 'rememberCard ignored: this run already has another card');
      return remembered;
    },

    cardOf(runId) {
      const card = lanes.get(runId)?.card();
      return card === undefined ? undefined : { ...card };
    },

    forgetRun(runId) {
      const known = lanes.get(runId);
      if (known === undefined) return true;
      if (!known.isIdle()) return false;
      lanes.delete(runId);
      return true;
    },

    async flush() {
      for (;;) {
        const busy = [...lanes.values()].filter((candidate) => !candidate.isIdle());
        if (busy.length === 0 && interactiveCalls.size === 0) return;
        await Promise.all([...busy.map((candidate) => candidate.whenIdle()), ...interactiveCalls]);
      }
    },

    async close() {
      closing.abort(new Error('the Slack notifier was closed'));
      await Promise.all([...[...lanes.values()].map((candidate) => candidate.whenIdle()), ...interactiveCalls]);
    },
  };
}

// Bad arguments are the caller's bug, not Slack's trouble: they are refused before anything is
// queued or sent, with a message that names the argument.

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') throw new InputError(`${name} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`);
}

function requireMessage(message: SlackMessage): void {
  if (typeof message !== 'object' || message === null || !Array.isArray(message.blocks) || typeof message.text !== 'string' || message.text.trim() === '') {
    throw new InputError('a Slack message needs a non-empty fallback text and a blocks array (build it with @trainops/slack-ui)');
  }
}

function requireFile(file: ThreadFileOptions): void {
  requireText('filename', file.filename);
  if (!(file.bytes instanceof Uint8Array) || file.bytes.byteLength === 0) {
    throw new InputError(`the file "${file.filename}" is empty: Slack does not accept empty uploads`);
  }
}

interface CheckedOptions {
  minCardEditIntervalMs: number;
  maxConcurrentCalls: number;
  maxRememberedRuns: number;
  background: RetryPolicy;
  interactive: RetryPolicy;
}

function assertOptions(options: CheckedOptions): void {
  const problems: string[] = [];
  const atLeast = (name: string, value: number, min: number, integer: boolean) => {
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      problems.push(`${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got ${String(value)}`);
    }
  };
  atLeast('minCardEditIntervalMs', options.minCardEditIntervalMs, 0, false);
  atLeast('maxConcurrentCalls', options.maxConcurrentCalls, 1, true);
  atLeast('maxRememberedRuns', options.maxRememberedRuns, 1, true);
  for (const [name, policy] of [
    ['backgroundRetryPolicy', options.background],
    ['interactiveRetryPolicy', options.interactive],
  ] as const) {
    atLeast(`${name}.maxAttempts`, policy.maxAttempts, 1, true);
    atLeast(`${name}.baseDelayMs`, policy.baseDelayMs, 0, false);
    atLeast(`${name}.maxDelayMs`, policy.maxDelayMs, 0, false);
    atLeast(`${name}.maxRateLimitWaitMs`, policy.maxRateLimitWaitMs, 0, false);
  }
  if (problems.length > 0) throw new InputError(`Invalid Slack notifier options: ${problems.join('; ')}`);
}
