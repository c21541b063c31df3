import { deflateSync } from 'node:zlib';
import { WebClient, type Logger, LogLevel } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSeedConfig, startSlackEmulator, type SlackEmulator } from './index.ts';

// The Web API through the real @slack/web-api WebClient, unmodified except for where it points.

const token = 'xoxb-emulator-test';
const channel = 'C07PCB4D3F1';
const alice = 'U05BX9ZT3PQ';
const bob = 'U03MRV8D1KA';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

let emulator: SlackEmulator;
let client: WebClient;

function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: { data?: Record<string, unknown> }) => error.data ?? {},
  );
}

beforeAll(async () => {
  emulator = await startSlackEmulator({
    signingSecret: 'test-secret',
    botToken: token,
    rateLimits: { enabled: false },
    workspace: {
      ...defaultSeedConfig,
      channels: [...defaultSeedConfig.channels, { id: 'C0OPS', name: 'ops', members: [bob] }],
    },
  });
  client = new WebClient(token, { slackApiUrl: emulator.apiUrl, logger: quiet, retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 50 } });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  emulator.setRateLimits({ enabled: false });
});

describe('authentication', () => {
  it('answers auth.test with the workspace and the bot identity', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, team_id: 'T0TRAINOPS', user_id: 'U0TRAINBOT', bot_id: 'B0TRAINBOT', url: `${emulator.url}/` });
  });

  it('refuses a wrong token with invalid_auth and a missing one with not_authed', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: emulator.apiUrl, logger: quiet });
    expect(await errorOf(wrong.auth.test())).toMatchObject({ ok: false, error: 'invalid_auth' });
    const none = new WebClient(undefined, { slackApiUrl: emulator.apiUrl, logger: quiet });
    expect(await errorOf(none.auth.test())).toMatchObject({ ok: false, error: 'not_authed' });
  });

  it('takes JSON bodies with a Bearer header and form bodies with a token field', async () => {
    const json = await fetch(`${emulator.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel, text: 'from JSON', blocks: [{ type: 'divider' }] }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel });
    const form = await fetch(`${emulator.apiUrl}auth.test`, { method: 'POST', body: new URLSearchParams({ token }) });
    expect(await form.json()).toMatchObject({ ok: true, user_id: 'U0TRAINBOT' });
  });
});

describe('chat.postMessage', () => {
  it('stores the message with Slack block_ids and returns ts, channel and message', async () => {
    const result = await client.chat.postMessage({
      channel: '#pcb-defect',
      text: 'Run 42 queued',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Run 42* queued :hourglass_flowing_sand:' } }],
    });
    expect(result).toMatchObject({ ok: true, channel, message: { type: 'message', text: 'Run 42 queued', user: 'U0TRAINBOT', bot_id: 'B0TRAINBOT' } });
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);
    const [message] = emulator.messages(channel).messages;
    expect(message?.ts).toBe(result.ts);
    expect(message?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*Run 42* queued :hourglass_flowing_sand:' }, block_id: expect.any(String) }]);
  });

  it('keeps metadata and the mrkdwn: false switch', async () => {
    const metadata = { event_type: 'run_card', event_payload: { run_id: 'r-1' } };
    const result = await client.chat.postMessage({ channel, text: '*not bold*', mrkdwn: false, metadata });
    expect(result.message).toMatchObject({ metadata });
    expect(emulator.messages(channel).messages[0]).toMatchObject({ text: '*not bold*', mrkdwn: false, metadata });
  });

  it('threads replies under their parent and shows broadcast replies in the channel too', async () => {
    const parent = await client.chat.postMessage({ channel, text: 'parent' });
    const reply = await client.chat.postMessage({ channel, text: 'reply', thread_ts: parent.ts });
    await client.chat.postMessage({ channel, text: 'reply to reply', thread_ts: reply.ts });
    await client.chat.postMessage({ channel, text: 'final state', thread_ts: parent.ts ?? '', reply_broadcast: true });
    const view = emulator.messages(channel);
    expect(view.messages.map((m) => m.text)).toEqual(['parent', 'final state']);
    expect(view.messages[0]?.replies.map((r) => r.text)).toEqual(['reply', 'reply to reply', 'final state']);
    expect(view.messages[1]?.subtype).toBe('thread_broadcast');
    const thread = await client.conversations.replies({ channel, ts: parent.ts ?? '' });
    expect(thread.messages?.[0]).toMatchObject({ reply_count: 3, reply_users: ['U0TRAINBOT'] });
  });

  it('refuses with Slack errors and stores nothing', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ channel: 'C0NOPE', text: 'x' }, { error: 'channel_not_found' }],
      [{ channel: 'C0RANDOM', text: 'x' }, { error: 'not_in_channel' }],
      [{ channel }, { error: 'no_text' }],
      [{ channel, text: 'x'.repeat(40_001) }, { error: 'msg_too_long' }],
      [{ channel, text: 'x', thread_ts: '123.456' }, { error: 'thread_not_found' }],
      [
        { channel, text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }] },
        {
          error: 'invalid_blocks',
          errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
          response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
        },
      ],
      [{ channel, text: 'x', blocks: [{ type: 'carousel' }] }, { error: 'invalid_blocks', errors: ['unsupported type: carousel [json-pointer:/blocks/0/type]'] }],
      [{ channel, text: 'x', blocks: Array(51).fill({ type: 'divider' }) }, { error: 'invalid_blocks', errors: ['no more than 50 items allowed [json-pointer:/blocks]'] }],
      [{ channel, text: 'x', blocks: '[{"type":' }, { error: 'invalid_blocks_format' }],
    ];
    for (const [args, expected] of cases) {
      expect(await errorOf(client.apiCall('chat.postMessage', args))).toMatchObject({ ok: false, ...expected });
    }
    expect(emulator.messages(channel).messages).toEqual([]);
    expect(emulator.calls('chat.postMessage').map((c) => c.error)).toEqual(cases.map(([, e]) => e.error));
  });

  it('posts to a channel the bot joined with conversations.join', async () => {
    const joined = await client.conversations.join({ channel: 'C0RANDOM' });
    expect(joined.channel).toMatchObject({ id: 'C0RANDOM', is_member: true });
    await client.chat.postMessage({ channel: 'C0RANDOM', text: 'hello' });
    expect(emulator.messages('random').messages.map((m) => m.text)).toEqual(['hello']);
    expect(await client.conversations.join({ channel: 'C0RANDOM' })).toMatchObject({ warning: 'already_in_channel' });
  });
});

describe('chat.update, chat.delete, chat.postEphemeral, chat.getPermalink and reactions.add', () => {
  it('edits in place, counts the edits, and keeps blocks when only text changes', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'queued', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Run 1' } }] });
    const ts = posted.ts ?? '';
    await client.chat.update({ channel, ts, text: 'running' });
    const updated = await client.chat.update({ channel, ts, text: 'succeeded', blocks: [{ type: 'divider' }] });
    expect(updated).toMatchObject({ ok: true, channel, ts, text: 'succeeded', message: { edited: { user: 'U0TRAINBOT' } } });
    const [message] = emulator.messages(channel).messages;
    expect(message).toMatchObject({ text: 'succeeded', edits: 2, blocks: [{ type: 'divider' }] });
    expect(emulator.calls('chat.update')).toHaveLength(2);
  });

  it('refuses to update or delete what does not exist or is not the bot message', async () => {
    const human = await emulator.postUserMessage({ user: 'alice', channel: 'pcb-defect', text: 'hi' });
    expect(await errorOf(client.chat.update({ channel, ts: '1.000001', text: 'x' }))).toMatchObject({ error: 'message_not_found' });
    expect(await errorOf(client.chat.update({ channel, ts: human.ts, text: 'x' }))).toMatchObject({ error: 'cant_update_message' });
    expect(await errorOf(client.chat.delete({ channel, ts: human.ts }))).toMatchObject({ error: 'cant_delete_message' });
    expect(emulator.messages(channel).messages).toMatchObject([{ text: 'hi', edits: 0 }]);
  });

  it('deletes the bot message and its thread', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'temporary' });
    await client.chat.postMessage({ channel, text: 'reply', thread_ts: posted.ts });
    await client.chat.delete({ channel, ts: posted.ts ?? '' });
    expect(emulator.messages(channel).messages).toEqual([]);
  });

  it('shows an ephemeral message only to its recipient', async () => {
    const result = await client.chat.postEphemeral({ channel, user: alice, text: 'Only you can see this' });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    const view = emulator.messages(channel);
    expect(view.messages).toEqual([]);
    expect(view.ephemeral[alice]).toMatchObject([{ text: 'Only you can see this', is_ephemeral: true, recipient: alice }]);
    expect(view.ephemeral[bob]).toBeUndefined();
  });

  it('refuses ephemeral messages to unknown people and people outside the channel', async () => {
    expect(await errorOf(client.chat.postEphemeral({ channel, user: 'U0NOBODY', text: 'x' }))).toMatchObject({ error: 'user_not_found' });
    expect(await errorOf(client.chat.postEphemeral({ channel: 'C0OPS', user: alice, text: 'x' }))).toMatchObject({ error: 'user_not_in_channel' });
    expect(emulator.messages('ops').ephemeral).toEqual({});
  });

  it('gives a permalink on this server that opens the console at the message', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'link me' });
    const { permalink } = await client.chat.getPermalink({ channel, message_ts: posted.ts ?? '' });
    expect(permalink).toBe(`${emulator.url}/archives/${channel}/p${(posted.ts ?? '').replace('.', '')}`);
    const response = await fetch(permalink ?? '', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/?channel=${channel}&ts=${posted.ts}`);
  });

  it('adds a reaction once and refuses a second identical one', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'done' });
    await client.reactions.add({ channel, timestamp: posted.ts ?? '', name: 'white_check_mark' });
    expect(await errorOf(client.reactions.add({ channel, timestamp: posted.ts ?? '', name: 'white_check_mark' }))).toMatchObject({ error: 'already_reacted' });
    expect(emulator.messages(channel).messages[0]?.reactions).toEqual([{ name: 'white_check_mark', users: ['U0TRAINBOT'], count: 1 }]);
  });
});

describe('conversations.info, users.info and usergroups.users.list', () => {
  it('describes channels, people and user groups from the seed', async () => {
    expect((await client.conversations.info({ channel })).channel).toMatchObject({ id: channel, name: 'pcb-defect', is_member: true, is_private: false });
    expect((await client.users.info({ user: alice })).user).toMatchObject({ id: alice, name: 'alice', is_bot: false, profile: { display_name: 'alice' } });
    expect((await client.usergroups.users.list({ usergroup: 'S0APPROVERS' })).users).toEqual([bob]);
  });

  it('refuses unknown channels, people and groups', async () => {
    expect(await errorOf(client.conversations.info({ channel: 'C0NOPE' }))).toMatchObject({ error: 'channel_not_found' });
    expect(await errorOf(client.users.info({ user: 'U0NOBODY' }))).toMatchObject({ error: 'user_not_found' });
    expect(await errorOf(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toMatchObject({ error: 'no_such_subteam' });
    expect(await errorOf(client.apiCall('emoji.list'))).toMatchObject({ error: 'unknown_method' });
  });
});

describe('views.publish, views.update and views.open', () => {
  const home = { type: 'home' as const, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: '*Your runs*' } }] };

  it('publishes a Home tab, then updates it only with the current hash', async () => {
    const published = await client.views.publish({ user_id: alice, view: home });
    const view = published.view ?? {};
    expect(view).toMatchObject({ type: 'home', team_id: 'T0TRAINOPS', app_id: 'A0TRAINOPS' });
    expect(emulator.views('alice').home?.id).toBe(view.id);
    expect(await errorOf(client.views.update({ view_id: view.id ?? '', hash: 'stale', view: home }))).toMatchObject({ error: 'hash_conflict' });
    const updated = await client.views.update({ view_id: view.id ?? '', hash: view.hash ?? '', view: { ...home, blocks: [{ type: 'divider' }] } });
    expect(updated.view?.blocks).toMatchObject([{ type: 'divider' }]);
  });

  it('refuses a made-up trigger_id, an invalid view and an unknown view', async () => {
    const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Hi' }, blocks: [] };
    expect(await errorOf(client.views.open({ trigger_id: '1.2.3', view: modal }))).toMatchObject({ error: 'invalid_trigger_id' });
    expect(await errorOf(client.views.open({ trigger_id: '1.2.3', view: { ...modal, title: { type: 'plain_text', text: 't'.repeat(25) } } }))).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });
    expect(await errorOf(client.views.update({ view_id: 'V0NOPE', view: modal }))).toMatchObject({ error: 'not_found' });
  });
});

describe('files.uploadV2', () => {
  it('uploads into a thread and serves the bytes at url_private to the bot token only', async () => {
    const png = tinyPng();
    const parent = await client.chat.postMessage({ channel, text: 'Run 7 finished' });
    const result = await client.files.uploadV2({ channel_id: channel, thread_ts: parent.ts ?? '', file: png, filename: 'chart.png', title: 'mAP chart', initial_comment: 'Metrics' });
    expect(result.ok).toBe(true);
    const [reply] = emulator.messages(channel).messages[0]?.replies ?? [];
    const files = (reply?.files ?? []) as Record<string, unknown>[];
    expect(reply?.text).toBe('Metrics');
    expect(files).toMatchObject([{ name: 'chart.png', title: 'mAP chart', mimetype: 'image/png', size: png.length, original_w: 2, original_h: 2 }]);
    const url = String(files[0]?.url_private);
    expect(url.startsWith(emulator.url)).toBe(true);
    const download = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(png);
    expect((await fetch(url)).status).toBe(403);
  });

  it('refuses to complete an upload whose bytes never arrived', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    expect(reserved.upload_url?.startsWith(`${emulator.url}/upload/v1/`)).toBe(true);
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: reserved.file_id ?? '' }], channel_id: channel }))).toMatchObject({ error: 'file_not_found' });
    expect(emulator.messages(channel).messages).toEqual([]);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After and ratelimited when a call is refused', async () => {
    emulator.forceRateLimit({ method: 'auth.test', count: 1, retryAfterSeconds: 12 });
    const response = await fetch(`${emulator.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('12');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('lets the WebClient ride out a storm of 429s by honouring Retry-After', async () => {
    emulator.setRateLimits({ enabled: true, postMessagePerChannel: { perSecond: 5, burst: 2 } });
    emulator.forceRateLimit({ method: 'chat.update', count: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const posts = await Promise.all([1, 2, 3, 4].map((n) => client.chat.postMessage({ channel, text: `update ${n}` })));
    await client.chat.update({ channel, ts: posts[0]?.ts ?? '', text: 'final' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(emulator.messages(channel).messages.map((m) => m.text).sort()).toEqual(['final', 'update 2', 'update 3', 'update 4']);
    const statuses = emulator.calls().map((c) => c.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    expect(emulator.calls('chat.update').map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
  });
});

/** A valid 2×2 PNG, made here so the test carries no binary fixture. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const pixels = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}
