import { WebClient, type Logger, LogLevel } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorRequestError, startSlackEmulator, type SlackEmulator } from './index.ts';
import { startStandInBot, type StandInBot } from './testing/stand-in-bot.ts';

// What the emulator sends to the bot, checked by a small server that verifies Slack signatures
// with its own code: slash commands, acknowledgements, response_url, clicks, modals and events.

const signingSecret = 'sender-spec-secret';
const token = 'xoxb-sender-spec';
const channel = 'C07PCB4D3F1';
const alice = 'U05BX9ZT3PQ';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

let emulator: SlackEmulator;
let bot: StandInBot;
let client: WebClient;

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function until<T>(read: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  bot = await startStandInBot(signingSecret);
  emulator = await startSlackEmulator({
    signingSecret,
    botToken: token,
    botRequestUrl: bot.url,
    ackTimeoutMs: 300,
    eventRetryDelaysMs: [0, 20, 20],
    rateLimits: { enabled: false },
    eventSubscriptions: ['app_mention'],
  });
  client = new WebClient(token, { slackApiUrl: emulator.apiUrl, logger: quiet });
});

afterAll(async () => {
  await emulator.close();
  await bot.close();
});

beforeEach(() => {
  emulator.reset();
  bot.requests.length = 0;
  bot.setHandler(() => ({ status: 200 }));
});

describe('slash commands', () => {
  it('sends a signed form with every field Slack sends, and shows a plain-text ack to that person only', async () => {
    bot.setHandler(() => ({ status: 200, body: 'Got it: training pcb-defect' }));
    const result = await emulator.sendCommand({ user: 'alice', channel: '#pcb-defect', text: '/train pcb-defect epochs=5' });
    const [request] = bot.requests;
    expect(request?.signatureValid).toBe(true);
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      token: 'emulator-verification-token',
      team_id: 'T0TRAINOPS',
      team_domain: 'trainops',
      channel_id: channel,
      channel_name: 'pcb-defect',
      user_id: alice,
      user_name: 'alice',
      command: '/train',
      text: 'pcb-defect epochs=5',
      api_app_id: 'A0TRAINOPS',
      is_enterprise_install: 'false',
      response_url: result.responseUrl,
      trigger_id: result.triggerId,
    });
    expect(result.responseUrl).toMatch(new RegExp(`^${emulator.url}/commands/T0TRAINOPS/[A-Z0-9]+/[a-f0-9]+$`));
    expect(result.triggerId).toMatch(/^\d+\.\d+\.[a-f0-9]+$/);
    expect(result.ack).toMatchObject({ status: 200, timedOut: false, body: 'Got it: training pcb-defect' });
    expect(result.ack.ms).toBeGreaterThanOrEqual(0);
    const view = emulator.messages(channel);
    expect(view.messages).toEqual([]);
    expect(view.ephemeral[alice]).toMatchObject([{ text: 'Got it: training pcb-defect', user: 'U0TRAINBOT' }]);
    expect(result.ackMessage?.text).toBe('Got it: training pcb-defect');
  });

  it('shows an in_channel JSON ack to everyone together with the command line', async () => {
    bot.setHandler(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'in_channel', text: 'Run 9 queued' }) }));
    await emulator.sendCommand({ user: 'alice', channel, text: '/train pcb-defect' });
    expect(emulator.messages(channel).messages.map((m) => [m.user, m.text])).toEqual([
      [alice, '/train pcb-defect'],
      ['U0TRAINBOT', 'Run 9 queued'],
    ]);
  });

  it('records a slow acknowledgement and tells the person the command timed out', async () => {
    bot.setHandler(() => ({ status: 200, delayMs: 450 }));
    const result = await emulator.sendCommand({ user: 'alice', channel, text: '/train pcb-defect' });
    expect(result.ack).toMatchObject({ status: null, ms: null, timedOut: true });
    expect(emulator.messages(channel).ephemeral[alice]).toMatchObject([{ user: 'USLACKBOT', text: '/train failed with the error "operation_timeout"' }]);
    const late = await until(() => emulator.deliveries('slash_command')[0]?.lateAckMs);
    expect(late).toBeGreaterThanOrEqual(450);
  });

  it('refuses bad input with a clear message and sends nothing', async () => {
    const attempts: [Parameters<SlackEmulator['sendCommand']>[0], string][] = [
      [{ user: 'alice', channel, text: 'train pcb-defect' }, '"train pcb-defect" is not a slash command: it must start with "/", as in "/train pcb-defect epochs=5".'],
      [{ user: 'zed', channel, text: '/train' }, 'No user "zed" in the workspace; known users: alice, bob, carol, dana, erin.'],
      [{ user: 'alice', channel: '#nope', text: '/train' }, 'No channel "#nope" in the workspace; known channels: #pcb-defect, #random.'],
    ];
    for (const [options, message] of attempts) {
      const error = await emulator.sendCommand(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmulatorRequestError);
      expect((error as Error).message).toBe(message);
    }
    expect(bot.requests).toEqual([]);
    expect(emulator.messages(channel).ephemeral).toEqual({});
  });
});

describe('response_url', () => {
  it('accepts five posts, replaces the earlier answer on request, and refuses the sixth with used_url', async () => {
    const { responseUrl } = await emulator.sendCommand({ user: 'alice', channel, text: '/train pcb-defect' });
    expect(await post(responseUrl, { text: 'Validating…' })).toEqual({ status: 200, body: { ok: true } });
    expect(await post(responseUrl, { text: 'Queued as run 3', replace_original: true })).toEqual({ status: 200, body: { ok: true } });
    expect(emulator.messages(channel).ephemeral[alice]).toMatchObject([{ text: 'Queued as run 3', edits: 1 }]);
    await post(responseUrl, { response_type: 'in_channel', text: 'alice started run 3' });
    await post(responseUrl, { text: 'fourth' });
    await post(responseUrl, { text: 'fifth' });
    expect(await post(responseUrl, { text: 'sixth' })).toEqual({ status: 404, body: { ok: false, error: 'used_url' } });
    const view = emulator.messages(channel);
    expect(view.messages.map((m) => m.text)).toEqual(['alice started run 3']);
    expect(view.ephemeral[alice]?.map((m) => m.text)).toEqual(['Queued as run 3', 'fourth', 'fifth']);
    expect(emulator.calls('response_url').map((c) => c.ok)).toEqual([true, true, true, true, true, false]);
  });

  it('refuses invalid blocks without using up the URL', async () => {
    const { responseUrl } = await emulator.sendCommand({ user: 'alice', channel, text: '/train pcb-defect' });
    const refused = await post(responseUrl, { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });
    expect(refused).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_blocks' } });
    expect(emulator.messages(channel).ephemeral).toEqual({});
  });

  it('expires after its lifetime', async () => {
    const shortLived = await startSlackEmulator({ signingSecret, botToken: token, botRequestUrl: bot.url, responseUrl: { ttlMs: 30 } });
    try {
      const { responseUrl } = await shortLived.sendCommand({ user: 'alice', channel, text: '/train' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(await post(responseUrl, { text: 'late' })).toEqual({ status: 404, body: { ok: false, error: 'expired_url' } });
    } finally {
      await shortLived.close();
    }
  });
});

describe('block_actions', () => {
  const card = [
    { type: 'section', text: { type: 'mrkdwn', text: '*Run 3* succeeded' } },
    {
      type: 'actions',
      block_id: 'decision',
      elements: [
        {
          type: 'button',
          action_id: 'approve',
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value: 'run-3',
          confirm: { title: { type: 'plain_text', text: 'Promote run 3?' }, text: { type: 'mrkdwn', text: 'It becomes production.' }, confirm: { type: 'plain_text', text: 'Promote' }, deny: { type: 'plain_text', text: 'Cancel' } },
        },
        { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject' }, style: 'danger', value: 'run-3' },
      ],
    },
  ];

  it('sends the payload Slack sends, with the whole message, and honours the confirm dialog', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'Run 3 succeeded', blocks: card });
    const result = await emulator.click({ user: 'bob', channel, messageTs: posted.ts ?? '', actionId: 'approve' });
    expect(result.confirmed).toMatchObject({ title: { text: 'Promote run 3?' } });
    const [request] = bot.requests;
    expect(request?.signatureValid).toBe(true);
    expect(request?.payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U03MRV8D1KA', username: 'bob', team_id: 'T0TRAINOPS' },
      api_app_id: 'A0TRAINOPS',
      team: { id: 'T0TRAINOPS', domain: 'trainops' },
      channel: { id: channel, name: 'pcb-defect' },
      container: { type: 'message', message_ts: posted.ts, channel_id: channel, is_ephemeral: false },
      message: { ts: posted.ts, text: 'Run 3 succeeded', bot_id: 'B0TRAINBOT', blocks: expect.any(Array) },
      trigger_id: result.triggerId,
      response_url: result.responseUrl,
      actions: [{ type: 'button', action_id: 'approve', block_id: 'decision', value: 'run-3', style: 'primary', text: { type: 'plain_text', text: 'Approve' }, action_ts: expect.stringMatching(/^\d+\.\d{6}$/) }],
    });
    expect(await post(result.responseUrl ?? '', { replace_original: true, text: 'Promoted by bob :white_check_mark:' })).toEqual({ status: 200, body: { ok: true } });
    expect(emulator.messages(channel).messages).toMatchObject([{ text: 'Promoted by bob :white_check_mark:', edits: 1 }]);
    expect(emulator.messages(channel).messages[0]?.blocks).toBeUndefined();
  });

  it('deletes the original message on delete_original', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'Run 3 succeeded', blocks: card });
    const result = await emulator.click({ user: 'bob', channel, messageTs: posted.ts ?? '', actionId: 'reject' });
    expect(await post(result.responseUrl ?? '', { delete_original: true })).toEqual({ status: 200, body: { ok: true } });
    expect(emulator.messages(channel).messages).toEqual([]);
  });

  it('refuses a click on a button that is not there and sends nothing', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'Run 3 succeeded', blocks: card });
    const error = await emulator.click({ user: 'bob', channel, messageTs: posted.ts ?? '', actionId: 'promote' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('No element with action_id "promote" here; the interactive elements are: approve, reject.');
    expect(bot.requests).toEqual([]);
  });
});

describe('modals', () => {
  const modal = {
    type: 'modal' as const,
    callback_id: 'new_run',
    title: { type: 'plain_text' as const, text: 'New run' },
    submit: { type: 'plain_text' as const, text: 'Start' },
    blocks: [
      { type: 'input' as const, block_id: 'project', label: { type: 'plain_text' as const, text: 'Project' }, element: { type: 'static_select' as const, action_id: 'choice', options: [{ text: { type: 'plain_text' as const, text: 'pcb-defect' }, value: 'pcb-defect' }] } },
      { type: 'input' as const, block_id: 'epochs', label: { type: 'plain_text' as const, text: 'Epochs' }, element: { type: 'number_input' as const, action_id: 'value', is_decimal_allowed: false } },
    ],
  };

  it('opens with a command trigger_id once, submits the values, and follows the bot answer', async () => {
    const { triggerId } = await emulator.sendCommand({ user: 'alice', channel, text: '/train' });
    const opened = await client.views.open({ trigger_id: triggerId, view: modal });
    await expect(client.views.open({ trigger_id: triggerId, view: modal })).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
    const viewId = opened.view?.id ?? '';
    expect(emulator.views('alice').modals.map((v) => v.id)).toEqual([viewId]);

    bot.setHandler(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_action: 'errors', errors: { epochs: 'At most 300' } }) }));
    const refused = await emulator.submitView({ user: 'alice', viewId, values: { project: 'pcb-defect', epochs: '500' } });
    expect(refused).toMatchObject({ outcome: 'errors', errors: { epochs: 'At most 300' } });
    expect(bot.requests[1]?.payload).toMatchObject({
      type: 'view_submission',
      user: { id: alice },
      view: {
        id: viewId,
        callback_id: 'new_run',
        state: { values: { project: { choice: { type: 'static_select', selected_option: { value: 'pcb-defect' } } }, epochs: { value: { type: 'number_input', value: '500' } } } },
      },
    });

    bot.setHandler(() => ({ status: 200 }));
    expect(await emulator.submitView({ user: 'alice', viewId, values: { project: 'pcb-defect', epochs: '50' } })).toMatchObject({ outcome: 'closed' });
    expect(emulator.views('alice').modals).toEqual([]);
  });

  it('refuses a submission with a required field empty, as the Slack client would, and sends nothing', async () => {
    const { triggerId } = await emulator.sendCommand({ user: 'alice', channel, text: '/train' });
    const opened = await client.views.open({ trigger_id: triggerId, view: modal });
    bot.requests.length = 0;
    const error = await emulator.submitView({ user: 'alice', viewId: opened.view?.id ?? '', values: { project: 'pcb-defect' } }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('Please complete the required fields: Epochs.');
    expect(bot.requests).toEqual([]);
  });
});

describe('events', () => {
  it('retries with X-Slack-Retry-Num and X-Slack-Retry-Reason until the bot answers 200', async () => {
    let calls = 0;
    bot.setHandler(() => {
      calls += 1;
      if (calls === 1) return { status: 500 };
      if (calls === 2) return { status: 200, delayMs: 400 };
      return { status: 200 };
    });
    const result = await emulator.sendEvent({ type: 'app_mention', user: alice, channel, text: '<@U0TRAINBOT> status' });
    expect(result.delivered).toBe(true);
    expect(result.attempts.map((a) => [a.retryNum, a.retryReason ?? null, a.status, a.timedOut])).toEqual([
      [0, null, 500, false],
      [1, 'http_error', null, true],
      [2, 'http_timeout', 200, false],
    ]);
    const received = await bot.waitForRequests(3);
    expect(received.map((r) => [r.headers['x-slack-retry-num'], r.headers['x-slack-retry-reason']])).toEqual([
      [undefined, undefined],
      ['1', 'http_error'],
      ['2', 'http_timeout'],
    ]);
    expect(received.every((r) => r.signatureValid && r.contentType === 'application/json')).toBe(true);
    expect(received[0]?.payload).toMatchObject({ type: 'event_callback', team_id: 'T0TRAINOPS', api_app_id: 'A0TRAINOPS', event_id: result.eventId, event: { type: 'app_mention' } });
    expect(new Set(received.map((r) => (r.payload as { event_id?: string }).event_id)).size).toBe(1);
  });

  it('gives up after three retries, or at once when the bot sends X-Slack-No-Retry', async () => {
    bot.setHandler(() => ({ status: 503 }));
    expect((await emulator.sendEvent({ type: 'app_mention' })).attempts).toHaveLength(4);
    bot.requests.length = 0;
    bot.setHandler(() => ({ status: 500, headers: { 'x-slack-no-retry': '1' } }));
    expect(await emulator.sendEvent({ type: 'app_mention' })).toMatchObject({ delivered: false, attempts: [{ retryNum: 0, noRetry: true }] });
  });

  it('turns a person mentioning the app into an app_mention event', async () => {
    await emulator.postUserMessage({ user: 'alice', channel: 'pcb-defect', text: '@trainops status of run 3' });
    const [request] = await bot.waitForRequests(1);
    expect(request?.payload).toMatchObject({ event: { type: 'app_mention', user: alice, channel, text: '<@U0TRAINBOT> status of run 3' } });
  });
});
