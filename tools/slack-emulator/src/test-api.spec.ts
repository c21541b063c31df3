import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackEmulator, type SlackEmulator } from './index.ts';
import { startStandInBot, type StandInBot } from './testing/stand-in-bot.ts';

// The /_emulator test API over HTTP, as other units' tests and the console use it.

const signingSecret = 'test-api-secret';
const token = 'xoxb-test-api';
const channel = 'C07PCB4D3F1';
const alice = 'U05BX9ZT3PQ';

let emulator: SlackEmulator;
let bot: StandInBot;

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${emulator.url}${path}`, init);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function botPosts(text: string, blocks?: unknown[]): Promise<string> {
  const response = await fetch(`${emulator.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel, text, blocks }),
  });
  return ((await response.json()) as { ts: string }).ts;
}

beforeAll(async () => {
  bot = await startStandInBot(signingSecret);
  emulator = await startSlackEmulator({ signingSecret, botToken: token, botRequestUrl: bot.url, ackTimeoutMs: 500, rateLimits: { enabled: false } });
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

describe('POST /_emulator/command', () => {
  it('splits the command line, delivers it, and returns the trigger_id, the ack and the ack message', async () => {
    bot.setHandler(() => ({ status: 200, body: 'Starting pcb-defect' }));
    const { status, json } = await call('POST', '/_emulator/command', { user: 'alice', channel: '#pcb-defect', text: '/train pcb-defect epochs=5' });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      ok: true,
      command: '/train',
      text: 'pcb-defect epochs=5',
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[a-f0-9]+$/),
      ack: { status: 200, timedOut: false, body: 'Starting pcb-defect', ms: expect.any(Number) },
      ack_message: { text: 'Starting pcb-defect', is_ephemeral: true, recipient: alice },
    });
    expect(bot.requests[0]?.form?.get('command')).toBe('/train');
  });

  it('refuses a missing user, a stranger to the channel and a line that is not a command, changing nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ channel, text: '/train' }, 400, 'user is required: a user ID or name, such as "alice".'],
      [{ user: 'alice', channel, text: 'hello' }, 400, '"hello" is not a slash command: it must start with "/", as in "/train pcb-defect epochs=5".'],
      [{ user: 'alice', channel, text: 42 }, 400, 'text must be a string.'],
    ];
    for (const [body, status, message] of cases) {
      const answer = await call('POST', '/_emulator/command', body);
      expect(answer).toMatchObject({ status, json: { ok: false, message } });
    }
    expect(bot.requests).toEqual([]);
    expect((await call('GET', `/_emulator/messages?channel=${channel}`)).json).toMatchObject({ messages: [], ephemeral: {} });
  });
});

describe('POST /_emulator/click', () => {
  it('finds the button by action_id and value, accepts its confirm dialog and delivers block_actions', async () => {
    const ts = await botPosts('Run 5', [
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'decide', value: 'approve', text: { type: 'plain_text', text: 'Approve' }, confirm: { title: { type: 'plain_text', text: 'Sure?' }, text: { type: 'plain_text', text: 'Promote.' }, confirm: { type: 'plain_text', text: 'Yes' }, deny: { type: 'plain_text', text: 'No' } } },
          { type: 'button', action_id: 'decide', value: 'reject', text: { type: 'plain_text', text: 'Reject' } },
        ],
      },
    ]);
    const { json } = await call('POST', '/_emulator/click', { user: 'bob', channel, message_ts: ts, action_id: 'decide', value: 'reject' });
    expect(json).toMatchObject({ ok: true, action: { action_id: 'decide', value: 'reject' }, confirmed: null, ack: { status: 200 } });
    const approve = await call('POST', '/_emulator/click', { user: 'bob', channel, message_ts: ts, action_id: 'decide', value: 'approve' });
    expect(approve.json).toMatchObject({ confirmed: { title: { text: 'Sure?' } } });
    expect(bot.requests.map((r) => (r.payload as { actions: { value: string }[] }).actions[0]?.value)).toEqual(['reject', 'approve']);
  });

  it('refuses a message that does not exist', async () => {
    const answer = await call('POST', '/_emulator/click', { user: 'bob', channel, message_ts: '1.000000', action_id: 'decide' });
    expect(answer).toMatchObject({ status: 404, json: { ok: false, error: 'message_not_found', message: 'No message 1.000000 in #pcb-defect that bob can see.' } });
    expect(bot.requests).toEqual([]);
  });
});

describe('GET /_emulator/messages and /_emulator/calls', () => {
  it('shows threads, edit counts and each person ephemeral messages, and counts calls per method', async () => {
    const parent = await botPosts('Run 6 queued');
    for (const text of ['Run 6 running', 'Run 6 succeeded']) {
      await fetch(`${emulator.apiUrl}chat.update`, { method: 'POST', body: new URLSearchParams({ token, channel, ts: parent, text }) });
    }
    await fetch(`${emulator.apiUrl}chat.postMessage`, { method: 'POST', body: new URLSearchParams({ token, channel, text: 'epoch 1', thread_ts: parent }) });
    await fetch(`${emulator.apiUrl}chat.postEphemeral`, { method: 'POST', body: new URLSearchParams({ token, channel, user: alice, text: 'psst' }) });
    const { json } = await call('GET', '/_emulator/messages?channel=pcb-defect');
    expect(json).toMatchObject({
      ok: true,
      channel: { id: channel, name: 'pcb-defect' },
      messages: [{ text: 'Run 6 succeeded', edits: 2, replies: [{ text: 'epoch 1', thread_ts: parent }] }],
      ephemeral: { [alice]: [{ text: 'psst' }] },
    });
    const calls = await call('GET', '/_emulator/calls?method=chat.update');
    expect((calls.json.calls as unknown[]).length).toBe(2);
    expect(calls.json.calls).toMatchObject([{ method: 'chat.update', ok: true, args: { channel, text: 'Run 6 running' } }, { ok: true }]);
    expect(JSON.stringify(calls.json)).not.toContain(token);
  });

  it('asks for a channel and names an unknown one', async () => {
    expect(await call('GET', '/_emulator/messages')).toMatchObject({ status: 400, json: { message: 'The channel query parameter is required.' } });
    expect(await call('GET', '/_emulator/messages?channel=nope')).toMatchObject({ status: 404, json: { error: 'channel_not_found' } });
  });
});

describe('POST /_emulator/reset and /_emulator/rate-limits', () => {
  it('forgets messages and calls but keeps the workspace', async () => {
    await botPosts('before reset');
    expect((await call('POST', '/_emulator/reset', {})).json).toEqual({ ok: true });
    expect((await call('GET', `/_emulator/messages?channel=${channel}`)).json.messages).toEqual([]);
    expect((await call('GET', '/_emulator/calls')).json.calls).toEqual([]);
    expect(((await call('GET', '/_emulator/workspace')).json.users as unknown[]).length).toBe(5);
  });

  it('forces the next calls of a method to 429 with the given Retry-After', async () => {
    const set = await call('POST', '/_emulator/rate-limits', { force: { method: 'chat.postMessage', count: 1, retry_after: 3 } });
    expect(set.json).toMatchObject({ ok: true, rate_limits: { forced: [{ method: 'chat.postMessage', count: 1, retryAfterSeconds: 3 }] } });
    const refused = await fetch(`${emulator.apiUrl}chat.postMessage`, { method: 'POST', body: new URLSearchParams({ token, channel, text: 'x' }) });
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '3']);
    expect(await botPosts('second try')).toMatch(/^\d+\.\d+$/);
  });

  it('refuses wrong knobs, naming each, and changes nothing', async () => {
    const before = (await call('GET', '/_emulator/rate-limits')).json;
    const answer = await call('POST', '/_emulator/rate-limits', { enabled: 'yes', tiers: { 5: 10 }, force: { method: 'chat.update', count: 0 } });
    expect(answer).toMatchObject({
      status: 400,
      json: {
        error: 'invalid_rate_limits',
        message: 'Rate limit settings not changed: enabled: must be true or false; tiers.5: tiers are 1 to 4; force.count: must be a whole number from 1 to 1000.',
      },
    });
    expect((await call('GET', '/_emulator/rate-limits')).json).toEqual(before);
  });
});

describe('POST /_emulator/bot-request-url', () => {
  it('points deliveries elsewhere but refuses an address outside this machine, keeping the old one', async () => {
    const refused = await call('POST', '/_emulator/bot-request-url', { url: 'https://bot.example.com/slack/events' });
    expect(refused).toMatchObject({
      status: 400,
      json: { error: 'invalid_url', message: 'botRequestUrl must be an http(s) URL on this machine (127.0.0.1, ::1 or localhost), got "https://bot.example.com/slack/events"' },
    });
    expect((await call('GET', '/_emulator/workspace')).json.bot_request_url).toBe(bot.url);
    expect((await call('POST', '/_emulator/bot-request-url', { url: null })).json).toEqual({ ok: true });
    expect(await call('POST', '/_emulator/command', { user: 'alice', channel, text: '/train' })).toMatchObject({ status: 409, json: { error: 'no_bot_request_url' } });
    emulator.setBotRequestUrl(bot.url);
  });
});

describe('routing', () => {
  it('answers unknown routes and broken JSON with clear messages', async () => {
    expect(await call('POST', '/_emulator/teleport', {})).toMatchObject({ status: 404, json: { error: 'unknown_route' } });
    expect(await call('POST', '/_emulator/command', '{"user":')).toMatchObject({ status: 400, json: { message: 'The body must be a JSON object.' } });
  });

  it('serves the console page and only its own files', async () => {
    const page = await fetch(`${emulator.url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="/console/console.js"></script>');
    expect((await fetch(`${emulator.url}/console/render-blocks.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${emulator.url}/console/..%2Fslack-emulator.ts`)).status).toBe(404);
  });

  it('announces changes on the event stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${emulator.url}/_emulator/stream`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    const read = (async () => {
      while (!seen.includes('event: change')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
    })();
    await botPosts('hello stream');
    await read;
    controller.abort();
    expect(seen).toMatch(/event: change\ndata: \{"version":\d+,"kind":"message","channel":"C07PCB4D3F1"\}/);
  });
});
