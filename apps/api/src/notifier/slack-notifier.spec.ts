import { InputError } from '@trainops/contracts';
import { buildRunFixture } from '@trainops/contracts/testing';
import { startSlackEmulator } from '@trainops/slack-emulator';
import type { SeedConfig, SlackEmulator } from '@trainops/slack-emulator';
import { buildRunCardMessage, buildRunFailureMessage, buildRunResultMessage, mrkdwn } from '@trainops/slack-ui';
import type { SlackMessage } from '@trainops/slack-ui';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryOutcome } from './delivery-outcome.ts';
import { SlackDeliveryError } from './delivery-outcome.ts';
import type { NotifierLogger } from './notifier-logger.ts';
import { createNotifierWebClient } from './slack-client-port.ts';
import { createSlackNotifier } from './slack-notifier.ts';
import type { SlackNotifier, SlackNotifierOptions } from './slack-notifier.ts';
import { startFlakyProxy } from './test-support/flaky-proxy.ts';
import type { FlakyProxy } from './test-support/flaky-proxy.ts';
import { createRecordingLogger } from './test-support/recording-logger.ts';
import { createVirtualClock } from './test-support/virtual-clock.ts';
import type { VirtualClock } from './test-support/virtual-clock.ts';

// The notifier against the Slack stand-in, through the real WebClient over loopback HTTP. Time is
// virtual (coalescing intervals, Retry-After and backoff take no real time); Slack calls are real
// and counted with emulator.calls().

// The api hands the notifier its pino logger; this line fails the typecheck if that stops fitting.
const pinoFits: NotifierLogger = pino({ enabled: false });
void pinoFits;

const botToken = 'xoxb-notifier-spec';
const alpha = 'C0ALPHA';
const bravo = 'C0BRAVO';
const workspace: SeedConfig = {
  channels: [
    { id: alpha, name: 'alpha' },
    { id: bravo, name: 'bravo' },
    { id: 'C0RANDOM', name: 'random', botIsMember: false },
  ],
};

let emulator: SlackEmulator;
const openNotifiers: SlackNotifier[] = [];
const openProxies: FlakyProxy[] = [];

beforeAll(async () => {
  emulator = await startSlackEmulator({ signingSecret: 'notifier-spec-secret', botToken, workspace, rateLimits: { enabled: false }, log: () => undefined });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  emulator.setRateLimits({ enabled: false });
});

afterEach(async () => {
  await Promise.all(openNotifiers.splice(0).map((notifier) => notifier.close()));
  await Promise.all(openProxies.splice(0).map((proxy) => proxy.close()));
});

interface Setup {
  notifier: SlackNotifier;
  clock: VirtualClock;
  logger: ReturnType<typeof createRecordingLogger>;
  posted: Array<[string, string, string]>;
}

function setup(options: Partial<SlackNotifierOptions> & { clock?: VirtualClock; slackApiUrl?: string } = {}): Setup {
  const { slackApiUrl, clock = createVirtualClock({ autoAdvance: true }), ...rest } = options;
  const logger = createRecordingLogger();
  const posted: Array<[string, string, string]> = [];
  const notifier = createSlackNotifier({
    client: createNotifierWebClient({ token: botToken, slackApiUrl: slackApiUrl ?? emulator.apiUrl }),
    clock,
    logger,
    random: () => 0.5,
    onCardPosted: (runId, channel, ts) => {
      posted.push([runId, channel, ts]);
    },
    ...rest,
  });
  openNotifiers.push(notifier);
  return { notifier, clock, logger, posted };
}

function card(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

function okCalls(method: string) {
  return emulator.calls(method).filter((call) => call.ok);
}

const runId = buildRunFixture().id;

describe('posting a run card and its thread', () => {
  it('posts the card once, reports its ts, and threads the result and failure messages under it', async () => {
    const { notifier, posted } = setup();
    const cardMessage = buildRunCardMessage({
      run: buildRunFixture({ state: 'running', requester: 'U05BX9ZT3PQ' }),
      project: { name: 'pcb-defect', task: 'detect', baseModel: 'yolo26n.pt' },
      requesterId: 'U05BX9ZT3PQ',
      gpuRequest: { gpus: 1 },
      steps: [{ name: 'train', phase: 'running', progress: { done: 3, total: 50 } }],
      links: { api: `http://127.0.0.1:8080/api/v1/runs/${runId}` },
      cancellable: true,
    });
    const ts = await notifier.postRunCard(runId, alpha, cardMessage);
    // A second post for the same run (a replayed event) answers the same card.
    await expect(notifier.postRunCard(runId, alpha, cardMessage)).resolves.toBe(ts);

    const result = await notifier.postThreadReply(
      runId,
      buildRunResultMessage({
        run: buildRunFixture({ state: 'pending_approval' }),
        summary: { final: { mAP50: 0.91 }, best: { epoch: 3, metrics: { mAP50: 0.92 } }, epochs: 3, trainingSeconds: 600, gpuHours: 0.2 },
        artifactLinks: [{ label: 'best.pt', url: 'http://127.0.0.1:9000/best.pt' }],
      }),
    );
    const failure = await notifier.postThreadReply(runId, buildRunFailureMessage({ run: buildRunFixture({ state: 'failed' }), logTail: ['CUDA out of memory'] }));

    expect(result).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(failure).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(posted).toEqual([[runId, alpha, ts]]);
    expect(notifier.cardOf(runId)).toEqual({ channel: alpha, ts });
    const [message] = emulator.messages(alpha).messages;
    expect(message?.ts).toBe(ts);
    expect(message?.replies.map((reply) => reply.text)).toEqual([
      'Run 0b8f4a2e of pcb-defect succeeded: mAP50 0.920.',
      'Run 0b8f4a2e of pcb-defect failed.',
    ]);
    expect(okCalls('chat.postMessage')).toHaveLength(3);
  });

  it('uploads a file into the card’s thread', async () => {
    const { notifier } = setup();
    const ts = await notifier.postRunCard(runId, alpha, card('queued'));
    const outcome = await notifier.uploadFileToThread(runId, { filename: 'train.log', bytes: new TextEncoder().encode('epoch 1\nepoch 2\n'), title: 'Full log of train' });
    expect(outcome).toMatchObject({ status: 'delivered', attempts: 3, fileId: expect.stringMatching(/^F/) });

    const answer = await fetch(`${emulator.url}/_emulator/messages?channel=${alpha}`);
    const body = (await answer.json()) as { messages: Array<{ ts: string; replies: Array<{ files?: Array<{ id: string; name: string; title: string; size: number }> }> }> };
    expect(body.messages[0]?.ts).toBe(ts);
    const file = body.messages[0]?.replies[0]?.files?.[0];
    expect(file).toMatchObject({ name: 'train.log', title: 'Full log of train', size: 16 });
    expect(outcome.status === 'delivered' && outcome.fileId).toBe(file?.id);
  });

  it('answers a person with an ephemeral message', async () => {
    const { notifier } = setup();
    const outcome = await notifier.respondEphemeral({ channel: alpha, user: 'U03MRV8D1KA', message: card('Only approvers may promote.') });
    expect(outcome).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(emulator.messages(alpha).ephemeral['U03MRV8D1KA']?.map((message) => message.text)).toEqual(['Only approvers may promote.']);
  });
});

describe('coalescing card edits', () => {
  it('turns a 50-step status stream into at most one edit per interval and exactly one final edit', async () => {
    const { notifier, clock } = setup({ minCardEditIntervalMs: 5_000 });
    await notifier.postRunCard(runId, alpha, card('step 0'));
    const start = clock.now();
    const updates: Array<Promise<DeliveryOutcome>> = [];
    for (let step = 1; step < 50; step += 1) {
      updates.push(notifier.updateRunCard(runId, card(`step ${step}`)));
      await clock.sleep(1_000);
    }
    const duration = clock.now() - start;
    const final = await notifier.updateRunCard(runId, card('finished'), { final: true });

    expect(final).toMatchObject({ status: 'delivered' });
    const outcomes = await Promise.all(updates);
    expect(new Set(outcomes.map((outcome) => outcome.status))).toEqual(new Set(['delivered', 'superseded']));
    const edits = emulator.calls('chat.update');
    expect(edits.every((call) => call.ok)).toBe(true);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.length).toBeLessThanOrEqual(Math.ceil(duration / 5_000) + 1);
    expect(edits.filter((call) => call.args.text === 'finished')).toHaveLength(1);
    expect(edits.at(-1)?.args.text).toBe('finished');
    expect(emulator.messages(alpha).messages[0]?.text).toBe('finished');
  });

  it('replaces a waiting state with the final one and sends nothing older or repeated after it', async () => {
    const { notifier } = setup();
    await notifier.postRunCard(runId, alpha, card('queued'));
    const running = notifier.updateRunCard(runId, card('running'));
    const final = notifier.updateRunCard(runId, card('succeeded'), { final: true });
    // The watcher replays an older event, then the final one again.
    const late = notifier.updateRunCard(runId, card('running'));
    const replayedWhilePending = notifier.updateRunCard(runId, card('succeeded'), { final: true });

    expect(await running).toEqual({ status: 'superseded' });
    expect(await late).toEqual({ status: 'skipped', reason: 'after_final' });
    expect(await final).toMatchObject({ status: 'delivered' });
    expect(await replayedWhilePending).toEqual(await final);
    expect(await notifier.updateRunCard(runId, card('succeeded'), { final: true })).toEqual({ status: 'skipped', reason: 'duplicate_final' });
    expect(emulator.calls('chat.update').map((call) => call.args.text)).toEqual(['succeeded']);

    // A later final state (the decision) is a new state and is sent.
    expect(await notifier.updateRunCard(runId, card('promoted'), { final: true })).toMatchObject({ status: 'delivered' });
    expect(emulator.calls('chat.update').map((call) => call.args.text)).toEqual(['succeeded', 'promoted']);
  });

  it('never goes back to an earlier final state replayed while a later one waits', async () => {
    const { notifier } = setup({ minCardEditIntervalMs: 5_000 });
    await notifier.postRunCard(runId, alpha, card('queued'));
    expect(await notifier.updateRunCard(runId, card('succeeded'), { final: true })).toMatchObject({ status: 'delivered' });
    const decided = notifier.updateRunCard(runId, card('promoted'), { final: true });
    expect(await notifier.updateRunCard(runId, card('succeeded'), { final: true })).toEqual({ status: 'skipped', reason: 'duplicate_final' });
    expect(await decided).toMatchObject({ status: 'delivered' });
    expect(emulator.calls('chat.update').map((call) => call.args.text)).toEqual(['succeeded', 'promoted']);
  });

  it('sends the newest state, not the stale one, after waiting out a 429', async () => {
    const clock = createVirtualClock();
    const { notifier } = setup({ clock, minCardEditIntervalMs: 0 });
    await notifier.postRunCard(runId, alpha, card('queued'));
    emulator.forceRateLimit({ method: 'chat.update', count: 1, retryAfterSeconds: 3 });
    const stale = notifier.updateRunCard(runId, card('epoch 1'));
    await vi.waitFor(() => expect(clock.pendingTimers()).toHaveLength(1), { timeout: 5_000 });
    const newer = notifier.updateRunCard(runId, card('epoch 2'));
    await clock.advance(3_000);

    expect(await stale).toEqual({ status: 'superseded' });
    expect(await newer).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(emulator.calls('chat.update').map((call) => [call.args.text, call.status])).toEqual([
      ['epoch 1', 429],
      ['epoch 2', 200],
    ]);
  });

  it('delivers what is pending on flush, still one interval after the last edit', async () => {
    const { notifier, clock } = setup({ minCardEditIntervalMs: 5_000 });
    await notifier.postRunCard(runId, alpha, card('queued'));
    const postedAt = clock.now();
    void notifier.updateRunCard(runId, card('running'));
    await notifier.flush();
    expect(okCalls('chat.update').map((call) => call.args.text)).toEqual(['running']);
    expect(clock.now() - postedAt).toBeGreaterThanOrEqual(5_000);
  });
});

describe('rate limits', () => {
  it('delivers every final state exactly once through a 429 storm over 20 concurrent runs', async () => {
    const { notifier, clock } = setup({ minCardEditIntervalMs: 2_000 });
    emulator.forceRateLimit({ method: 'chat.postMessage', count: 15, retryAfterSeconds: 2 });
    emulator.forceRateLimit({ method: 'chat.update', count: 40, retryAfterSeconds: 3 });
    const runs = Array.from({ length: 20 }, (_, index) => ({ id: `run-${index}`, channel: index % 2 === 0 ? alpha : bravo }));

    const finals = await Promise.all(
      runs.map(async (run) => {
        await notifier.postRunCard(run.id, run.channel, card(`${run.id} queued`));
        const updates: Array<Promise<DeliveryOutcome>> = [];
        for (let step = 1; step <= 5; step += 1) {
          updates.push(notifier.updateRunCard(run.id, card(`${run.id} step ${step}`)));
          await clock.sleep(700);
        }
        const final = await notifier.updateRunCard(run.id, card(`${run.id} finished`), { final: true });
        await Promise.all(updates);
        return final;
      }),
    );

    expect(finals.every((final) => final.status === 'delivered')).toBe(true);
    expect(emulator.calls('chat.update').filter((call) => call.status === 429)).toHaveLength(40);
    expect(emulator.calls('chat.postMessage').filter((call) => call.status === 429)).toHaveLength(15);
    const edits = okCalls('chat.update');
    for (const run of runs) {
      expect(edits.filter((call) => call.args.text === `${run.id} finished`)).toHaveLength(1);
    }
    const cards = [...emulator.messages(alpha).messages, ...emulator.messages(bravo).messages];
    expect(cards.map((message) => message.text).sort()).toEqual(runs.map((run) => `${run.id} finished`).sort());
  });

  it('keeps posting to other channels while one channel waits out its Retry-After', async () => {
    // Time moves only when the test says so: the rate-limited run must wait, the other must not.
    const clock = createVirtualClock();
    const { notifier } = setup({ clock });
    emulator.setRateLimits({ enabled: true, postMessagePerChannel: { perSecond: 0.01, burst: 1 } });

    await notifier.postRunCard('run-a1', alpha, card('a1'));
    let blockedTs: string | undefined;
    const blocked = notifier.postRunCard('run-a2', alpha, card('a2')).then((ts) => (blockedTs = ts));
    await vi.waitFor(() => expect(clock.pendingTimers()).toHaveLength(1), { timeout: 5_000 });
    const retryAt = clock.pendingTimers()[0] ?? 0;
    expect(retryAt - clock.now()).toBeGreaterThanOrEqual(99_000);

    const otherTs = await notifier.postRunCard('run-b1', bravo, card('b1'));
    expect(emulator.messages(bravo).messages.map((message) => message.ts)).toEqual([otherTs]);
    expect(blockedTs).toBeUndefined();
    expect(emulator.calls('chat.postMessage').filter((call) => call.args.channel === alpha).map((call) => call.status)).toEqual([200, 429]);

    emulator.setRateLimits({ enabled: false });
    await clock.advance(100_000);
    await blocked;
    expect(emulator.messages(alpha).messages.map((message) => message.text)).toEqual(['a1', 'a2']);
  });

  it('gives a person an answer or an error quickly instead of waiting out a long Retry-After', async () => {
    const { notifier, clock, logger } = setup();
    emulator.forceRateLimit({ method: 'chat.postEphemeral', count: 1, retryAfterSeconds: 30 });
    const startedAt = clock.now();
    const outcome = await notifier.respondEphemeral({ channel: alpha, user: 'U03MRV8D1KA', message: card('Promoted.') });
    expect(outcome).toMatchObject({ status: 'failed', error: 'ratelimited', permanent: false, attempts: 1 });
    expect(clock.now()).toBe(startedAt);
    expect(emulator.calls('chat.postEphemeral')).toHaveLength(1);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.fields.slackError)).toEqual(['ratelimited']);
  });
});

describe('server and network errors', () => {
  async function proxied(): Promise<FlakyProxy> {
    const proxy = await startFlakyProxy(emulator.apiUrl);
    openProxies.push(proxy);
    return proxy;
  }

  it('retries 5xx answers and cut connections with backoff, and sends each message once', async () => {
    const proxy = await proxied();
    proxy.failNext('chat.postMessage', 2, { status: 503 });
    proxy.failNext('chat.update', 1, 'reset');
    const { notifier, clock } = setup({ slackApiUrl: proxy.apiUrl });

    const startedAt = clock.now();
    const ts = await notifier.postRunCard(runId, alpha, card('queued'));
    // Backoff with jitter 0.5: 750 ms then 1500 ms, from the default policy's 1 s base.
    expect(clock.now() - startedAt).toBe(2_250);
    expect(proxy.seen('chat.postMessage')).toBe(3);
    expect(emulator.calls('chat.postMessage')).toHaveLength(1);

    const final = await notifier.updateRunCard(runId, card('finished'), { final: true });
    expect(final).toEqual({ status: 'delivered', attempts: 2, ts });
    expect(okCalls('chat.update')).toHaveLength(1);
  });

  it('gives up after a bounded number of attempts when Slack keeps failing, and logs the outcome', async () => {
    const proxy = await proxied();
    const { notifier, logger } = setup({ slackApiUrl: proxy.apiUrl });
    await notifier.postRunCard(runId, alpha, card('queued'));
    proxy.failNext('chat.postMessage', 100, { status: 500 });

    const outcome = await notifier.postThreadReply(runId, card('result'));
    expect(outcome).toMatchObject({ status: 'failed', error: 'http_500', permanent: false, attempts: 6 });
    expect(proxy.seen('chat.postMessage')).toBe(7);
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ runId, what: 'thread reply', slackError: 'http_500', attempts: 6 }) }),
    ]);
  });
});

describe('permanent errors', () => {
  it('rejects a card for a channel the bot is not in after one call, with a typed error', async () => {
    const { notifier, logger, posted } = setup();
    const error = await notifier.postRunCard(runId, 'C0RANDOM', card('queued')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect((error as SlackDeliveryError).failure).toEqual({ error: 'not_in_channel', permanent: true, attempts: 1, message: expect.stringContaining('not_in_channel') });
    expect(emulator.calls('chat.postMessage')).toHaveLength(1);
    expect(posted).toEqual([]);
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.fields.slackError)).toEqual(['not_in_channel']);
  });

  it('does not retry an unknown channel or blocks Slack refuses', async () => {
    const { notifier } = setup();
    await expect(notifier.postRunCard('run-x', 'C0NOSUCH', card('queued'))).rejects.toMatchObject({ failure: { error: 'channel_not_found', attempts: 1 } });
    await notifier.postRunCard(runId, alpha, card('queued'));
    const tooLong: SlackMessage = { text: 'result', blocks: [{ type: 'section', text: mrkdwn('x'.repeat(3_001)) }] };
    expect(await notifier.postThreadReply(runId, tooLong)).toMatchObject({
      status: 'failed',
      error: 'invalid_blocks',
      permanent: true,
      attempts: 1,
      message: expect.stringContaining('must be less than 3001 characters [json-pointer:/blocks/0/text/text]'),
    });
    expect(emulator.calls('chat.postMessage').map((call) => call.error ?? 'ok')).toEqual(['channel_not_found', 'ok', 'invalid_blocks']);
  });
});

describe('cards across restarts', () => {
  it('edits a card remembered from storage instead of posting a second one', async () => {
    const first = setup();
    const ts = await first.notifier.postRunCard(runId, alpha, card('running'));
    await first.notifier.close();

    const { notifier, posted } = setup();
    expect(notifier.rememberCard(runId, alpha, ts)).toBe(true);
    expect(notifier.rememberCard(runId, alpha, '1.000001')).toBe(false);
    await expect(notifier.postRunCard(runId, alpha, card('running'))).resolves.toBe(ts);
    expect(await notifier.updateRunCard(runId, card('finished'), { final: true })).toMatchObject({ status: 'delivered', ts });
    expect(posted).toEqual([]);
    expect(emulator.messages(alpha).messages.map((message) => message.text)).toEqual(['finished']);
    expect(okCalls('chat.postMessage')).toHaveLength(1);
  });
});

describe('memory', () => {
  it('forgets the longest-idle runs beyond the limit, and rememberCard brings one back', async () => {
    const { notifier } = setup({ maxRememberedRuns: 2 });
    const first = await notifier.postRunCard('run-1', alpha, card('one'));
    await notifier.postRunCard('run-2', alpha, card('two'));
    await notifier.postRunCard('run-3', alpha, card('three'));
    expect(notifier.cardOf('run-1')).toBeUndefined();
    expect(notifier.cardOf('run-3')).toBeDefined();
    expect(notifier.rememberCard('run-1', alpha, first)).toBe(true);
    expect(await notifier.updateRunCard('run-1', card('one again'), { final: true })).toMatchObject({ status: 'delivered', ts: first });
  });

  it('logs a failing onCardPosted without losing the card', async () => {
    const { notifier, logger } = setup({
      onCardPosted: () => Promise.reject(new Error('database down')),
    });
    const ts = await notifier.postRunCard(runId, alpha, card('queued'));
    await vi.waitFor(() => expect(logger.lines.map((line) => line.message)).toContain('onCardPosted failed; the card ts was not stored'), { timeout: 5_000 });
    expect(notifier.cardOf(runId)).toEqual({ channel: alpha, ts });
  });
});

describe('bad input', () => {
  it('refuses an edit for a run whose card it does not know, says what to do, and calls nothing', async () => {
    const { notifier, logger } = setup();
    const outcome = await notifier.updateRunCard('run-unknown', card('running'), { final: true });
    expect(outcome).toEqual({
      status: 'failed',
      error: 'card_unknown',
      permanent: true,
      attempts: 0,
      message: 'no Slack card is known for run run-unknown: post it with postRunCard, or pass its ts from storage with rememberCard',
    });
    expect(await notifier.postThreadReply('run-unknown', card('x'))).toMatchObject({ error: 'card_unknown' });
    expect(logger.lines).toHaveLength(2);
    expect(emulator.calls()).toEqual([]);
  });

  it('refuses empty names, empty messages and empty files with a message naming the problem', async () => {
    const { notifier } = setup();
    await expect(notifier.postRunCard(runId, ' ', card('queued'))).rejects.toThrow(new InputError('channel must be a non-empty string, got " "'));
    await expect(notifier.postRunCard(runId, alpha, { text: '', blocks: [] })).rejects.toThrow(
      'a Slack message needs a non-empty fallback text and a blocks array (build it with @trainops/slack-ui)',
    );
    expect(() => notifier.rememberCard(runId, alpha, '')).toThrow('ts must be a non-empty string, got ""');
    expect(notifier.cardOf(runId)).toBeUndefined();
    await notifier.postRunCard(runId, alpha, card('queued'));
    await expect(notifier.uploadFileToThread(runId, { filename: 'empty.log', bytes: new Uint8Array() })).rejects.toThrow(
      'the file "empty.log" is empty: Slack does not accept empty uploads',
    );
    expect(emulator.calls().map((call) => call.method)).toEqual(['chat.postMessage']);
  });

  it('refuses options that cannot work, naming each', () => {
    expect(() => setup({ minCardEditIntervalMs: -1, maxConcurrentCalls: 0 })).toThrow(
      new InputError('Invalid Slack notifier options: minCardEditIntervalMs must be a number of at least 0, got -1; maxConcurrentCalls must be a whole number of at least 1, got 0'),
    );
  });
});

describe('closing', () => {
  it('settles what is still waiting as notifier_closed, logs an undelivered final state, and refuses new work', async () => {
    const clock = createVirtualClock();
    const { notifier, logger } = setup({ clock });
    await notifier.postRunCard(runId, alpha, card('queued'));
    const final = notifier.updateRunCard(runId, card('finished'), { final: true });
    await notifier.close();

    expect(await final).toMatchObject({ status: 'failed', error: 'notifier_closed' });
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.fields.what)).toEqual(['final card edit']);
    expect(await notifier.postThreadReply(runId, card('late'))).toMatchObject({ status: 'failed', error: 'notifier_closed' });
    await expect(notifier.postRunCard('run-2', alpha, card('late'))).rejects.toBeInstanceOf(SlackDeliveryError);
    expect(emulator.calls('chat.update')).toEqual([]);
  });
});
