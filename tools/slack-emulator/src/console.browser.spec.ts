import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient, type Logger, LogLevel } from '@slack/web-api';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackEmulator, type SlackEmulator } from './index.ts';
import { startStandInBot, type ReceivedRequest, type StandInBot } from './testing/stand-in-bot.ts';

// The console page in real headless Chromium: a person types a slash command, the stand-in bot
// answers with a card, another person clicks its button, and the card changes in front of them.

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const title = hasChromium ? 'the console in headless Chromium' : `the console in headless Chromium (skipped: ${chromiumPath} is not installed)`;
const signingSecret = 'browser-spec-secret';
const token = 'xoxb-browser-spec';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

describe.skipIf(!hasChromium)(title, () => {
  let emulator: SlackEmulator;
  let bot: StandInBot;
  let browser: Browser;
  let screenshotDir: string;

  beforeAll(async () => {
    bot = await startStandInBot(signingSecret);
    emulator = await startSlackEmulator({ signingSecret, botToken: token, botRequestUrl: bot.url, rateLimits: { enabled: false } });
    const client = new WebClient(token, { slackApiUrl: emulator.apiUrl, logger: quiet });
    // The stand-in bot: acknowledges first, then works, as a Bolt app does.
    bot.setHandler((request: ReceivedRequest) => {
      if (!request.signatureValid) return { status: 401 };
      const form = request.form;
      if (form?.get('command') === '/train') {
        setTimeout(() => {
          void client.chat.postMessage({
            channel: form.get('channel_id') ?? '',
            text: 'pcb-defect run 12 succeeded',
            blocks: [
              { type: 'header', text: { type: 'plain_text', text: 'pcb-defect · run 12 :tada:' } },
              { type: 'section', text: { type: 'mrkdwn', text: `*Succeeded* for <@${form.get('user_id')}> with \`epochs=5\`` }, fields: [{ type: 'mrkdwn', text: '*mAP50*\n0.91' }] },
              {
                type: 'actions',
                elements: [
                  {
                    type: 'button',
                    action_id: 'approve',
                    style: 'primary',
                    value: 'run-12',
                    text: { type: 'plain_text', text: 'Approve' },
                    confirm: { title: { type: 'plain_text', text: 'Promote run 12?' }, text: { type: 'mrkdwn', text: 'It becomes the production model.' }, confirm: { type: 'plain_text', text: 'Promote' }, deny: { type: 'plain_text', text: 'Cancel' } },
                  },
                  { type: 'button', action_id: 'reject', style: 'danger', value: 'run-12', text: { type: 'plain_text', text: 'Reject' } },
                ],
              },
            ],
          });
        }, 10);
        return { status: 200, body: `Starting pcb-defect with ${form.get('text')}` };
      }
      const payload = request.payload as { type?: string; user?: { id: string }; container?: { message_ts: string; channel_id: string } } | undefined;
      if (payload?.type === 'block_actions') {
        setTimeout(() => {
          void client.chat.update({
            channel: payload.container?.channel_id ?? '',
            ts: payload.container?.message_ts ?? '',
            text: 'Promoted',
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: Promoted by <@${payload.user?.id}>` } }],
          });
        }, 10);
      }
      return { status: 200 };
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    screenshotDir = await mkdtemp(path.join(tmpdir(), 'slack-emulator-console-'));
  });

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await bot?.close();
    if (screenshotDir !== undefined) await rm(screenshotDir, { recursive: true, force: true });
  });

  it('runs a slash command, shows the bot card, and delivers a confirmed button click that updates the card', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${emulator.url}/`);
    await page.waitForSelector('body[data-ready="true"]');

    await page.selectOption('#user-picker', 'U05BX9ZT3PQ');
    await page.fill('#composer-input', '/train pcb-defect epochs=5');
    await page.press('#composer-input', 'Enter');

    const approve = page.locator('#messages button[data-action-id="approve"]');
    await approve.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('#messages .bk-header').textContent()).toBe('pcb-defect · run 12 🎉');
    await expect.poll(() => page.locator('#messages .message.ephemeral').textContent()).toContain('Starting pcb-defect with pcb-defect epochs=5');
    expect(await page.locator('#messages .message.ephemeral').textContent()).toContain('Only visible to you');
    expect(await page.locator('#messages .mention').first().textContent()).toBe('@alice');
    const command = bot.requests.find((r) => r.form?.get('command') === '/train');
    expect(command?.signatureValid).toBe(true);
    expect(command?.form?.get('user_id')).toBe('U05BX9ZT3PQ');
    expect(command?.form?.get('text')).toBe('pcb-defect epochs=5');

    // Bob approves: alice's ephemeral acknowledgement is not his to see.
    await page.selectOption('#user-picker', 'U03MRV8D1KA');
    await expect.poll(() => page.locator('#messages .message.ephemeral').count()).toBe(0);
    await approve.click();
    await page.locator('#confirm-root .confirm-ok').click();
    await expect.poll(() => page.locator('#messages').textContent(), { timeout: 10_000 }).toContain('✅ Promoted by @bob');
    expect(await page.locator('#messages .edited').count()).toBe(1);

    const click = bot.requests.find((r) => (r.payload as { type?: string } | undefined)?.type === 'block_actions');
    expect(click?.signatureValid).toBe(true);
    expect(click?.payload).toMatchObject({ user: { id: 'U03MRV8D1KA' }, actions: [{ action_id: 'approve', value: 'run-12' }] });

    const screenshot = path.join(screenshotDir, 'console.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(1000);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
