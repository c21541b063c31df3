import type { SlackMessage } from '@trainops/slack-ui';
import type { NotifierClock } from './clock.ts';
import { SlackPlatformAnswerError } from './classify-slack-error.ts';
import type { DeliveryFailure, DeliveryOutcome } from './delivery-outcome.ts';
import { notifierErrors, SlackDeliveryError } from './delivery-outcome.ts';
import type { NotifierLogger } from './notifier-logger.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { SlackCallRunner } from './slack-call-runner.ts';
import type { SlackAnswer, SlackClientPort, SlackMessageMetadata } from './slack-client-port.ts';
import type { UploadBytes } from './upload-bytes.ts';

// Everything the notifier sends for one run goes through that run's lane, one call at a time and
// in order: the card is posted before anything is threaded under it. Card edits do not queue up:
// the lane holds only the newest state and sends it at most once per interval, so a run that
// reports 50 steps a minute costs Slack a dozen edits. A final state is never dropped and, once
// accepted, nothing older is sent after it.

export interface CardRef {
  channel: string;
  ts: string;
}

export interface ThreadFile {
  filename: string;
  bytes: Uint8Array;
  title?: string;
}

export interface RunLaneDependencies {
  client: SlackClientPort;
  runner: SlackCallRunner;
  clock: NotifierClock;
  logger: NotifierLogger;
  uploadBytes: UploadBytes;
  minCardEditIntervalMs: number;
  policy: RetryPolicy;
  /** Aborted when the notifier closes. */
  signal: AbortSignal;
  onCardPosted: (runId: string, card: CardRef) => void;
}

export interface RunLane {
  readonly runId: string;
  card(): CardRef | undefined;
  /** Sets the card from storage; false when the lane already knows a different one. */
  remember(card: CardRef): boolean;
  postCard(channel: string, message: SlackMessage): Promise<string>;
  updateCard(message: SlackMessage, final: boolean): Promise<DeliveryOutcome>;
  postReply(message: SlackMessage, metadata?: SlackMessageMetadata): Promise<DeliveryOutcome>;
  upload(file: ThreadFile): Promise<DeliveryOutcome>;
  isIdle(): boolean;
  /** Resolves once nothing is queued, pending or in flight. */
  whenIdle(): Promise<void>;
}

interface CardEdit {
  message: SlackMessage;
  final: boolean;
  /** The message as JSON: two finals with the same key are the same state. */
  key: string;
  settle: (outcome: DeliveryOutcome) => void;
}

interface LaneTask {
  run(): Promise<void>;
  /** Settles the task without running it (the notifier closed). */
  abandon(failure: DeliveryFailure): void;
}

const closedFailure: DeliveryFailure = {
  error: notifierErrors.closed,
  permanent: true,
  attempts: 0,
  message: 'the notifier was closed before Slack took the message',
};

export function createRunLane(runId: string, deps: RunLaneDependencies): RunLane {
  const { client, runner, clock, logger, policy, signal } = deps;
  let card: CardRef | undefined;
  let cardPost: Promise<string> | undefined;
  const tasks: LaneTask[] = [];
  let pendingEdit: CardEdit | undefined;
  let inFlightEdit: CardEdit | undefined;
  let lastCardWriteAt: number | undefined;
  // Final states seen for this card, delivered or replaced by a later one: any of them coming
  // again is a replay and older than (or the same as) what the card shows or will show.
  const seenFinalKeys = new Set<string>();
  let finalAccepted = false;
  let worker: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  function failed(failure: DeliveryFailure): DeliveryOutcome {
    return { status: 'failed', ...failure };
  }

  function report(what: string, failure: DeliveryFailure, fields: Record<string, unknown> = {}): void {
    const log = failure.permanent || what === 'final card edit' ? logger.error : logger.warn;
    log(
      { runId, what, slackError: failure.error, permanent: failure.permanent, attempts: failure.attempts, ...fields },
      `Slack notification not delivered (${what}): ${failure.message}`,
    );
  }

  function cardUnknown(): DeliveryFailure {
    return {
      error: notifierErrors.cardUnknown,
      permanent: true,
      attempts: 0,
      message: `no Slack card is known for run ${runId}: post it with postRunCard, or pass its ts from storage with rememberCard`,
    };
  }

  function ensureWorker(): void {
    wake?.();
    if (worker === undefined) {
      worker = work().finally(() => {
        worker = undefined;
        // Work that arrived while the loop was finishing starts a new loop.
        if (tasks.length > 0 || pendingEdit !== undefined) ensureWorker();
      });
    }
  }

  async function work(): Promise<void> {
    await Promise.resolve();
    for (;;) {
      if (signal.aborted) {
        abandonAll();
        return;
      }
      const task = tasks.shift();
      if (task !== undefined) {
        await task.run();
        continue;
      }
      const edit = pendingEdit;
      if (edit === undefined) return;
      if (card === undefined) {
        pendingEdit = undefined;
        if (edit.final) seenFinalKeys.delete(edit.key);
        const failure = cardUnknown();
        report(edit.final ? 'final card edit' : 'card edit', failure);
        edit.settle(failed(failure));
        continue;
      }
      const due = lastCardWriteAt === undefined ? 0 : lastCardWriteAt + deps.minCardEditIntervalMs;
      const waitMs = due - clock.now();
      if (waitMs > 0) {
        await waitUnlessWoken(waitMs);
        continue;
      }
      await sendEdit(card, edit);
    }
  }

  async function waitUnlessWoken(ms: number): Promise<void> {
    const woken = new AbortController();
    wake = () => woken.abort();
    try {
      await clock.sleep(ms, AbortSignal.any([signal, woken.signal]));
    } catch {
      // Woken early by new work or by close: the loop looks again.
    } finally {
      wake = undefined;
    }
  }

  async function sendEdit(target: CardRef, edit: CardEdit): Promise<void> {
    pendingEdit = undefined;
    inFlightEdit = edit;
    const result = await runner.run({
      method: 'chat.update',
      channel: target.channel,
      policy,
      context: { runId },
      call: async () => {
        const sending = inFlightEdit ?? edit;
        return checked(await client.chat.update({ channel: target.channel, ts: target.ts, text: sending.message.text, blocks: sending.message.blocks }));
      },
      // A newer state that arrived during a 429 wait or a backoff is sent instead of the stale
      // one: still one edit, and the newest.
      beforeRetry: () => {
        const newer = pendingEdit;
        const current = inFlightEdit;
        if (newer === undefined || current === undefined) return;
        pendingEdit = undefined;
        inFlightEdit = newer;
        current.settle({ status: 'superseded' });
      },
    });
    const sent = inFlightEdit ?? edit;
    inFlightEdit = undefined;
    lastCardWriteAt = clock.now();
    if (result.ok) {
      sent.settle({ status: 'delivered', attempts: result.attempts, ts: target.ts });
      return;
    }
    // A final that could not be delivered may be sent again by the caller.
    if (sent.final) seenFinalKeys.delete(sent.key);
    report(sent.final ? 'final card edit' : 'card edit', result.failure, { channel: target.channel });
    sent.settle(failed(result.failure));
  }

  function abandonAll(): void {
    for (const task of tasks.splice(0)) task.abandon(closedFailure);
    const edit = pendingEdit;
    pendingEdit = undefined;
    if (edit !== undefined) {
      if (edit.final) {
        seenFinalKeys.delete(edit.key);
        report('final card edit', closedFailure);
      }
      edit.settle(failed(closedFailure));
    }
  }

  function enqueue(task: LaneTask): void {
    if (signal.aborted) {
      task.abandon(closedFailure);
      return;
    }
    tasks.push(task);
    ensureWorker();
  }

  function threadTarget(): CardRef | DeliveryFailure {
    return card ?? cardUnknown();
  }

  function hasCardOrPost(): boolean {
    return card !== undefined || cardPost !== undefined;
  }

  return {
    runId,
    card: () => card,

    remember(stored) {
      if (card === undefined) {
        card = { ...stored };
        return true;
      }
      return card.channel === stored.channel && card.ts === stored.ts;
    },

    postCard(channel, message) {
      if (card !== undefined) return Promise.resolve(card.ts);
      if (cardPost !== undefined) return cardPost;
      const posting = new Promise<string>((resolve, reject) => {
        enqueue({
          run: async () => {
            const result = await runner.run({
              method: 'chat.postMessage',
              channel,
              policy,
              context: { runId, what: 'card' },
              call: async () =>
                checked(await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false })),
            });
            cardPost = undefined;
            const ts = result.ok ? result.value.ts : undefined;
            if (!result.ok || ts === undefined) {
              const failure = result.ok ? invalidResponse('chat.postMessage gave no ts', result.attempts) : result.failure;
              report('card', failure, { channel });
              reject(new SlackDeliveryError(failure));
              return;
            }
            // Slack answers with the channel id even when it was addressed by name; edits need the id.
            card = { channel: result.value.channel ?? channel, ts };
            lastCardWriteAt = clock.now();
            deps.onCardPosted(runId, card);
            resolve(ts);
          },
          abandon: (failure) => {
            cardPost = undefined;
            reject(new SlackDeliveryError(failure));
          },
        });
      });
      cardPost = posting;
      return posting;
    },

    updateCard(message, final) {
      if (!hasCardOrPost()) {
        const failure = cardUnknown();
        report(final ? 'final card edit' : 'card edit', failure);
        return Promise.resolve(failed(failure));
      }
      if (signal.aborted) return Promise.resolve(failed(closedFailure));
      if (finalAccepted && !final) return Promise.resolve({ status: 'skipped', reason: 'after_final' });
      const key = JSON.stringify(message);
      if (final) {
        // The same final state again (a replayed watch event): join the one on its way, or
        // skip it when it is on the card already.
        const onItsWay = [pendingEdit, inFlightEdit].find((edit) => edit?.final && edit.key === key);
        if (onItsWay !== undefined) {
          return new Promise((resolve) => {
            const earlier = onItsWay.settle;
            onItsWay.settle = (outcome) => {
              earlier(outcome);
              resolve(outcome);
            };
          });
        }
        if (seenFinalKeys.has(key)) return Promise.resolve({ status: 'skipped', reason: 'duplicate_final' });
        finalAccepted = true;
        seenFinalKeys.add(key);
      }
      return new Promise((resolve) => {
        const replaced = pendingEdit;
        pendingEdit = { message, final, key, settle: resolve };
        replaced?.settle({ status: 'superseded' });
        ensureWorker();
      });
    },

    postReply(message, metadata) {
      if (!hasCardOrPost()) {
        const failure = cardUnknown();
        report('thread reply', failure);
        return Promise.resolve(failed(failure));
      }
      return new Promise((resolve) => {
        enqueue({
          run: async () => {
            const target = threadTarget();
            if (!('ts' in target)) {
              resolve(failed(target));
              return;
            }
            const result = await runner.run({
              method: 'chat.postMessage',
              channel: target.channel,
              policy,
              context: { runId, what: 'thread reply' },
              call: async () =>
                checked(
                  await client.chat.postMessage({
                    channel: target.channel,
                    thread_ts: target.ts,
                    text: message.text,
                    blocks: message.blocks,
                    unfurl_links: false,
                    unfurl_media: false,
                    ...(metadata === undefined ? {} : { metadata }),
                  }),
                ),
            });
            if (!result.ok) {
              report('thread reply', result.failure, { channel: target.channel });
              resolve(failed(result.failure));
              return;
            }
            resolve({ status: 'delivered', attempts: result.attempts, ...(result.value.ts === undefined ? {} : { ts: result.value.ts }) });
          },
          abandon: (failure) => resolve(failed(failure)),
        });
      });
    },

    upload(file) {
      if (!hasCardOrPost()) {
        const failure = cardUnknown();
        report('file upload', failure);
        return Promise.resolve(failed(failure));
      }
      return new Promise((resolve) => {
        enqueue({
          run: async () => resolve(await uploadToThread(file)),
          abandon: (failure) => resolve(failed(failure)),
        });
      });
    },

    isIdle: () => worker === undefined && tasks.length === 0 && pendingEdit === undefined && inFlightEdit === undefined,

    async whenIdle() {
      while (worker !== undefined) await worker;
    },
  };

  async function uploadToThread(file: ThreadFile): Promise<DeliveryOutcome> {
    const target = threadTarget();
    if (!('ts' in target)) return failed(target);
    const context = { runId, what: 'file upload', filename: file.filename };
    let attempts = 0;
    const stepFailed = (failure: DeliveryFailure): DeliveryOutcome => {
      const total = { ...failure, attempts: attempts + failure.attempts };
      report('file upload', total, { channel: target.channel, filename: file.filename });
      return failed(total);
    };

    const reserved = await runner.run({
      method: 'files.getUploadURLExternal',
      policy,
      context,
      call: async () => checked(await client.files.getUploadURLExternal({ filename: file.filename, length: file.bytes.byteLength })),
    });
    if (!reserved.ok) return stepFailed(reserved.failure);
    attempts += reserved.attempts;
    const { upload_url: uploadUrl, file_id: fileId } = reserved.value;
    if (uploadUrl === undefined || fileId === undefined) return stepFailed(invalidResponse('files.getUploadURLExternal gave no upload_url or file_id', 0));

    const uploaded = await runner.run({ method: 'file upload', policy, context, call: () => deps.uploadBytes(uploadUrl, file.bytes) });
    if (!uploaded.ok) return stepFailed(uploaded.failure);
    attempts += uploaded.attempts;

    const completed = await runner.run({
      method: 'files.completeUploadExternal',
      channel: target.channel,
      policy,
      context,
      call: async () =>
        checked(
          await client.files.completeUploadExternal({
            files: [{ id: fileId, ...(file.title === undefined ? {} : { title: file.title }) }],
            channel_id: target.channel,
            thread_ts: target.ts,
          }),
        ),
    });
    if (!completed.ok) return stepFailed(completed.failure);
    return { status: 'delivered', attempts: attempts + completed.attempts, fileId };
  }
}

/** WebClient throws on `ok: false`; a port that does not is held to the same rule here. */
function checked<T extends SlackAnswer>(answer: T): T {
  if (answer.ok === false) throw new SlackPlatformAnswerError(answer.error ?? 'unknown_error');
  return answer;
}

function invalidResponse(message: string, attempts: number): DeliveryFailure {
  return { error: notifierErrors.invalidResponse, permanent: true, attempts, message };
}
