import { beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '@trainops/api-client';
import type { ProjectSummary, Run } from '@trainops/contracts';
import { setUpBotSuite, startTestBot, testSigningSecret, unusedLoopbackUrl } from '../../test-support/bot-harness.ts';
import type { BotHarness } from '../../test-support/bot-harness.ts';
import { buildRun } from '../../test-support/fake-api.ts';
import { sendEvent } from '../../test-support/signed-request.ts';
import { visibleText } from '../../test-support/visible-text.ts';
import { appHomeMaxBlocks } from './app-home-view.ts';
import type { AppHomeView } from './app-home-view.ts';

// The Home tab through the real Bolt app: a signed app_home_opened event in, the views.publish
// call the bot makes captured on the Slack stand-in.

const now = new Date('2025-03-01T12:00:00.000Z');
const projects: ProjectSummary[] = [];

const help = [
  'trainops',
  'Train YOLO models from Slack.',
  '• `/train &lt;project&gt; [key=value …]` starts a training run, e.g. `/train pcb-defect epochs=50`.\n' +
    '• `/runs [project] [state=…] [mine]` lists runs; `/train help` explains every parameter.\n' +
    '• Each run reports in its project’s channel: a card that follows it, with *Cancel* while it runs, and *Retry* or *Approve* / *Reject* in its thread when it ends.',
  'Your latest runs',
];

const suite = setUpBotSuite({ projects, now });
const { api } = suite;
let events = 0;

beforeEach(() => {
  api.runs = [];
});

function minutesAgo(minutes: number): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}

function runOf(requester: string, index: number, overrides: Partial<Run> = {}): Run {
  return buildRun(
    { project: 'pcb-defect', trigger: 'slash', requester },
    { id: `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`, createdAt: minutesAgo(index * 10), ...overrides },
  );
}

/** Opens the tab as `user` and waits until the bot has completely handled it. */
async function openHome(user: string, options: { tab?: 'home' | 'messages'; on?: BotHarness } = {}) {
  const target = options.on ?? suite.harness;
  events += 1;
  const eventTs = `1740830400.${String(events).padStart(6, '0')}`;
  const ack = await sendEvent(
    target.eventsUrl,
    {
      type: 'event_callback',
      token: 'deprecated-verification-token',
      team_id: 'T0TEAM',
      api_app_id: 'A0APP',
      event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: options.tab ?? 'home', event_ts: eventTs },
      event_id: `Ev0HOME${events}`,
      event_time: 1740830400,
    },
    { signingSecret: testSigningSecret },
  );
  const handled = await target.logs.waitFor((entry) => entry.msg === 'event handled' && entry.eventTs === eventTs);
  return { ack, handled };
}

async function nextPublished(): Promise<{ user_id: unknown; view: AppHomeView }> {
  return (await suite.slack.nextApiRequest('views.publish')) as { user_id: unknown; view: AppHomeView };
}

describe('the App Home tab', () => {
  it('publishes the user’s latest runs with state, project, progress and age, under a short help', async () => {
    api.runs = [
      runOf('U0ADA', 1, { state: 'running', progress: 'epoch 12/50' }),
      runOf('U0BOB', 2, { state: 'running' }),
      runOf('U0ADA', 3, { state: 'failed' }),
    ];
    const { ack, handled } = await openHome('U0ADA');
    expect(ack.status).toBe(200);
    expect(api.calls).toEqual([{ method: 'listRuns', query: { requester: 'U0ADA', limit: 10 } }]);
    expect(handled.outcome).toBe('published');

    const published = await nextPublished();
    expect(published.user_id).toBe('U0ADA');
    expect(published.view.type).toBe('home');
    expect(visibleText(published.view)).toEqual([
      ...help,
      ':arrows_counterclockwise: *pcb-defect* `00000001` · running · epoch 12/50 · by <@U0ADA> · 10 min ago',
      ':x: *pcb-defect* `00000003` · failed · by <@U0ADA> · 30 min ago',
    ]);
  });

  it('shows ten runs at most and says where to find the rest, within the home view’s block limit', async () => {
    api.runs = Array.from({ length: 14 }, (_, index) => runOf('U0ADA', index + 1));
    await openHome('U0ADA');
    const { view } = await nextPublished();
    const shown = visibleText(view);
    expect(shown.filter((text) => text.startsWith(':hourglass_flowing_sand: *pcb-defect*'))).toHaveLength(10);
    expect(shown.at(-1)).toBe('Your 10 latest runs. `/runs mine limit=50` lists more.');
    expect(view.blocks.length).toBeLessThanOrEqual(appHomeMaxBlocks);
  });

  it('invites a newcomer to start a run', async () => {
    await openHome('U0NEW');
    const { view } = await nextPublished();
    expect(visibleText(view)).toEqual([...help, 'You have not started any runs yet. Try `/train &lt;project&gt;` in a channel.']);
  });

  it('still publishes the help, and says why the runs are missing, when the api is down', async () => {
    const down = createApiClient({ baseUrl: await unusedLoopbackUrl(), token: 'bot-token', retryDelayMs: 0 });
    const other = await startTestBot({ api: down, slack: suite.slack, now });
    try {
      const { handled } = await openHome('U0ADA', { on: other });
      expect(handled.outcome).toBe('published-without-runs');
      const { view } = await nextPublished();
      expect(visibleText(view)).toEqual([
        ...help,
        ':warning: Your runs could not be loaded: The training API did not answer (connection refused). Please try again in a moment.',
      ]);
    } finally {
      await other.bot.stop();
    }
  });

  it('leaves the Messages tab alone', async () => {
    const published = suite.slack.apiRequests.filter((call) => call.method === 'views.publish').length;
    const { handled } = await openHome('U0ADA', { tab: 'messages' });
    expect(handled.outcome).toBe('ignored');
    expect(api.calls).toEqual([]);
    expect(suite.slack.apiRequests.filter((call) => call.method === 'views.publish')).toHaveLength(published);
  });
});
