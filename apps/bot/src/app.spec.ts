import { describe, expect, it } from 'vitest';
import { createApiClient } from '@trainops/api-client';
import { NotAllowedError } from '@trainops/contracts';
import type { ProjectSummary } from '@trainops/contracts';
import { buildBotApp, slackEventsPath } from './app.ts';
import { createLogger } from './logger.ts';
import { setUpBotSuite, startTestBot, testSigningSecret as signingSecret, unusedLoopbackUrl } from './test-support/bot-harness.ts';
import type { BotHarness } from './test-support/bot-harness.ts';
import { buildRun } from './test-support/fake-api.ts';
import { sendSlashCommand, signSlackRequest } from './test-support/signed-request.ts';
import type { SlashCommandPayload } from './test-support/signed-request.ts';
import { visibleText } from './test-support/visible-text.ts';

// The real Bolt app with its HTTP receiver on a loopback port, sent real signed Slack requests.
// What the user sees is read where Slack would show it: the ack's HTTP body, and the messages
// posted to response_url (a stand-in server). The api is a fake of the ApiClient interface.

const now = new Date('2025-03-01T12:00:00.000Z');

const projects: ProjectSummary[] = [
  {
    name: 'pcb-defect',
    description: 'Defects on printed circuit boards',
    task: 'detect',
    baseModel: 'yolo11n.pt',
    parameters: {
      epochs: { type: 'int', min: 1, max: 300, default: 100 },
      imgsz: { type: 'int', min: 320, max: 1280, multipleOf: 32, default: 640 },
    },
    slackChannel: 'C0TRAIN',
    requesters: [],
    approvers: ['U0LEAD'],
  },
  {
    name: 'weld-seams',
    description: 'Weld seam inspection',
    task: 'detect',
    baseModel: 'yolo11s.pt',
    parameters: {},
    slackChannel: null,
    requesters: [],
    approvers: [],
  },
];

const suite = setUpBotSuite({ projects, now });
const { api } = suite;
let invocationCount = 0;

function invocation(command: string, text: string): SlashCommandPayload {
  invocationCount += 1;
  return {
    command,
    text,
    user_id: 'U0ADA',
    team_id: 'T0TEAM',
    channel_id: 'C0TRAIN',
    trigger_id: `4242.1717.trigger${invocationCount}`,
    response_url: suite.slack.responseUrl(`r${invocationCount}`),
  };
}

function responseId(payload: SlashCommandPayload): string {
  return payload.response_url.split('/').at(-1)!;
}

/** Sends the command and waits until the bot has completely handled it. */
async function send(payload: SlashCommandPayload, options: { retryNum?: number; on?: BotHarness } = {}) {
  const target = options.on ?? suite.harness;
  const ack = await sendSlashCommand(target.eventsUrl, payload, {
    signingSecret,
    ...(options.retryNum === undefined ? {} : { retryNum: options.retryNum }),
  });
  const handled = await target.logs.waitFor(
    (entry) =>
      entry.msg === 'command handled' &&
      entry.triggerId === payload.trigger_id &&
      (entry.retryNum ?? null) === (options.retryNum ?? null),
  );
  return { ack, handled, responses: suite.slack.responses(responseId(payload)) };
}

describe('request verification', () => {
  it('refuses a forged signature with 401 before anything is asked of the api', async () => {
    const payload = invocation('/train', 'pcb-defect epochs=50');
    const result = await sendSlashCommand(suite.harness.eventsUrl, payload, {
      signingSecret,
      signature: signSlackRequest('not-the-secret', Math.floor(Date.now() / 1_000), 'x'),
    });
    expect(result.status).toBe(401);
    expect(api.calls).toEqual([]);
    expect(suite.slack.responses(responseId(payload))).toEqual([]);
    await suite.harness.logs.waitFor((entry) => entry.component === 'bolt' && /signature mismatch/.test(entry.msg ?? ''));
  });

  it('refuses a correctly signed request older than five minutes (a replay) with 401', async () => {
    const payload = invocation('/train', 'pcb-defect epochs=50');
    const result = await sendSlashCommand(suite.harness.eventsUrl, payload, {
      signingSecret,
      timestamp: Math.floor(Date.now() / 1_000) - 6 * 60,
    });
    expect(result.status).toBe(401);
    expect(api.calls).toEqual([]);
    expect(suite.slack.responses(responseId(payload))).toEqual([]);
    await suite.harness.logs.waitFor((entry) => entry.component === 'bolt' && /request is stale/.test(entry.msg ?? ''));
  });
});

describe('/train', () => {
  it('answers a syntax error right in the ack, with the usage, and asks the api nothing', async () => {
    const { ack, handled, responses } = await send(invocation('/train', 'pcb-defect epochs'));
    expect(ack.status).toBe(200);
    expect(visibleText(ack.body)).toEqual([
      ':warning: *Please check the command*\n"epochs" is not key=value; parameters are written key=value, e.g. epochs=50',
      'Usage: `/train &lt;project&gt; [key=value …]`',
    ]);
    expect(handled.outcome).toBe('answered-in-ack');
    expect(api.calls).toEqual([]);
    expect(responses).toEqual([]);
  });

  it('acknowledges before it waits for the api', async () => {
    const release = api.hold('listProjects');
    const payload = invocation('/train', 'pcb-defect epochs=50');
    const ackPromise = sendSlashCommand(suite.harness.eventsUrl, payload, { signingSecret });
    await api.held('listProjects');
    const ack = await ackPromise;
    expect(ack).toEqual({ status: 200, body: undefined });
    release();
    await suite.slack.nextResponse(responseId(payload));
  });

  it('names the unknown project, suggests the closest one and lists the known ones', async () => {
    const { responses, handled } = await send(invocation('/train', 'pcb-defekt epochs=50'));
    expect(responses).toHaveLength(1);
    expect(visibleText(responses[0])).toEqual([
      ':warning: *Unknown project*\nThere is no project "pcb-defekt". Did you mean "pcb-defect"?\nKnown projects: pcb-defect, weld-seams.',
    ]);
    expect(handled.outcome).toBe('refused');
    expect(api.calls.some((call) => call.method === 'createRun')).toBe(false);
  });

  it('looks again once before calling a project unknown, in case it was just added', async () => {
    await send(invocation('/runs', 'no-such-project')); // fills the project cache
    api.calls.length = 0;
    api.projects = [...projects, { ...projects[1]!, name: 'brand-new' }];
    try {
      const { responses } = await send(invocation('/train', 'brand-new'));
      expect(visibleText(responses[0])[0]).toBe('Training run accepted: brand-new');
      expect(api.calls.map((call) => call.method)).toEqual(['listProjects', 'createRun']);
    } finally {
      api.projects = projects;
    }
  });

  it('explains an out-of-range value and an unknown key precisely and starts nothing', async () => {
    const { responses, handled } = await send(invocation('/train', 'pcb-defect epochs=5000 imgsz=640 epcohs=3'));
    expect(visibleText(responses[0])).toEqual([
      ':warning: *Please check the command*\n' +
        'epochs must be between 1 and 300 (got 5000)\n' +
        'unknown parameter "epcohs": did you mean "epochs"? Allowed: epochs, imgsz',
      'Usage: `/train &lt;project&gt; [key=value …]`',
    ]);
    expect(handled.outcome).toBe('refused');
    expect(api.calls.some((call) => call.method === 'createRun')).toBe(false);
  });

  it('starts the run with an idempotency key from the Slack request and confirms it ephemerally', async () => {
    const payload = invocation('/train', 'pcb-defect epochs=50 imgsz=640');
    const { ack, responses, handled } = await send(payload);
    expect(ack).toEqual({ status: 200, body: undefined });
    expect(api.calls.filter((call) => call.method === 'createRun')).toEqual([
      {
        method: 'createRun',
        request: {
          project: 'pcb-defect',
          params: { epochs: '50', imgsz: '640' },
          trigger: 'slash',
          requester: 'U0ADA',
          slack: { teamId: 'T0TEAM', channelId: 'C0TRAIN', userId: 'U0ADA' },
        },
        options: { idempotencyKey: `slack:T0TEAM:${payload.trigger_id}` },
      },
    ]);
    expect(handled.outcome).toBe('started');
    expect(responses).toHaveLength(1);
    const reply = responses[0] as { response_type: string; text: string };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/^Run [0-9a-f]{8} of pcb-defect is queued\.$/);
    expect(visibleText(reply)).toEqual([
      expect.stringMatching(/^Training run accepted: pcb-defect$/),
      expect.stringMatching(/^Run `[0-9a-f]{8}` of \*pcb-defect\* is \*queued\*\. \| Open run$/),
      '*epochs*\n50 | *imgsz*\n640',
      expect.stringMatching(/^Requested by <@U0ADA> · run id `[0-9a-f-]{36}`$/),
    ]);
  });

  it('starts one run when Slack delivers the same command twice', async () => {
    const payload = invocation('/train', 'weld-seams');
    const first = await send(payload);
    const second = await send(payload, { retryNum: 1 });

    const keys = api.calls.flatMap((call) => (call.method === 'createRun' ? [call.options.idempotencyKey] : []));
    expect(keys).toEqual([`slack:T0TEAM:${payload.trigger_id}`, `slack:T0TEAM:${payload.trigger_id}`]);
    expect(first.handled.outcome).toBe('started');
    expect(second.handled.outcome).toBe('replayed');
    expect(api.runs.filter((run) => run.project === 'weld-seams')).toHaveLength(1);
    expect(visibleText(second.responses[1])[1]).toContain('This command had already reached us, so nothing new was started');
  });

  it('passes the api’s refusal through as its own message', async () => {
    api.failures.createRun = [new NotAllowedError('U0ADA may not train pcb-defect: ask one of its requesters.')];
    const { responses, handled } = await send(invocation('/train', 'pcb-defect'));
    expect(visibleText(responses[0])).toEqual([':warning: *Not allowed*\nU0ADA may not train pcb-defect: ask one of its requesters.']);
    expect(handled.outcome).toBe('refused');
  });

  it('shows a reference, not the internals, when something unexpected breaks, and logs the cause', async () => {
    api.failures.createRun = [new TypeError("Cannot read properties of undefined (reading 'id')")];
    const { responses, handled } = await send(invocation('/train', 'pcb-defect'));
    const [title] = visibleText(responses[0]);
    const reference = /ref ([0-9a-f]{8})\)/.exec(title ?? '')?.[1];
    expect(title).toMatch(/^:warning: \*Something went wrong on our side \(ref [0-9a-f]{8}\)\*/);
    expect(JSON.stringify(responses[0])).not.toContain('Cannot read properties');
    expect(handled.outcome).toBe('failed');
    const logged = suite.harness.logs.entries.find((entry) => entry.msg === 'command failed' && entry.reference === reference);
    expect((logged?.err as { message?: string } | undefined)?.message).toContain('Cannot read properties');
  });

  it('says clearly that the training API is down', async () => {
    // The real client against a port where nothing listens: the failure the bot sees in production.
    const down = createApiClient({ baseUrl: await unusedLoopbackUrl(), token: 'bot-token', retryDelayMs: 0 });
    const other = await startTestBot({ api: down, slack: suite.slack, now });
    try {
      const { responses, handled } = await send(invocation('/train', 'pcb-defect epochs=50'), { on: other });
      expect(visibleText(responses[0])).toEqual([
        ':warning: *The training service is not answering*\nThe training API did not answer (connection refused). Please try again in a moment.',
      ]);
      expect(handled.outcome).toBe('failed');
    } finally {
      await other.bot.stop();
    }
  });
});

describe('/runs', () => {
  it('lists the runs that match, newest first, with state, requester, progress and age', async () => {
    api.runs = [
      buildRun(
        { project: 'pcb-defect', trigger: 'slash', requester: 'U0ADA' },
        { id: '11111111-0000-4000-8000-000000000001', state: 'running', progress: 'epoch 12/50', createdAt: '2025-03-01T11:48:00.000Z' },
      ),
      buildRun(
        { project: 'pcb-defect', trigger: 'slash', requester: 'U0BOB' },
        { id: '22222222-0000-4000-8000-000000000002', state: 'running', createdAt: '2025-03-01T09:00:00.000Z' },
      ),
    ];
    const { ack, responses, handled } = await send(invocation('/runs', 'pcb-defect state=running mine limit=5'));
    expect(ack.status).toBe(200);
    expect(api.calls).toEqual([
      { method: 'listRuns', query: { project: 'pcb-defect', state: 'running', requester: 'U0ADA', limit: 5 } },
    ]);
    expect(handled.outcome).toBe('listed');
    expect(visibleText(responses[0])).toEqual([
      'Training runs',
      'project *pcb-defect* · state *running* · yours only · newest 5',
      ':arrows_counterclockwise: *pcb-defect* `11111111` · running · epoch 12/50 · by <@U0ADA> · 12 min ago',
    ]);
  });

  it('suggests the right project when a mistyped one has no runs', async () => {
    const { responses } = await send(invocation('/runs', 'weld-seam'));
    expect(visibleText(responses[0])).toEqual([
      ':warning: *Unknown project*\nThere is no project "weld-seam". Did you mean "weld-seams"?\nKnown projects: pcb-defect, weld-seams.',
    ]);
  });

  it('answers a bad filter in the ack', async () => {
    const { ack, responses } = await send(invocation('/runs', 'state=runing'));
    expect(visibleText(ack.body)[0]).toContain('unknown state "runing": did you mean "running"?');
    expect(api.calls).toEqual([]);
    expect(responses).toEqual([]);
  });
});

describe('help', () => {
  it.each(['/train', '/runs'])('%s help is answered in the ack with the command’s help', async (command) => {
    const { ack, responses } = await send(invocation(command, 'help'));
    const text = visibleText(ack.body);
    expect(text[0]).toBe('trainops help');
    expect(text[1]).toContain(`*${command}*`);
    expect(text[1]).toContain('*Examples*');
    expect(api.calls).toEqual([]);
    expect(responses).toEqual([]);
  });

  it.each([
    ['/export', 'help'],
    ['/retrain', 'pcb-defect off'],
    ['/models', 'pcb-defect'],
  ])('%s %s says honestly that it is not available yet, with its help', async (command, text) => {
    const { ack, handled } = await send(invocation(command, text));
    const shown = visibleText(ack.body);
    expect(shown[1]).toBe(`:construction: *${command} is not available yet. This is how it will work:*`);
    expect(shown[2]).toContain(`*${command}*`);
    expect(handled.outcome).toBe('answered-in-ack');
    expect(api.calls).toEqual([]);
  });
});

describe('the HTTP receiver', () => {
  it('answers the health check', async () => {
    const response = await fetch(suite.harness.eventsUrl.replace(slackEventsPath, '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('acknowledges a click on the "Open run" link button', async () => {
    const payload = JSON.stringify({
      type: 'block_actions',
      user: { id: 'U0ADA', team_id: 'T0TEAM' },
      team: { id: 'T0TEAM' },
      api_app_id: 'A0APP',
      trigger_id: '4242.1717.click',
      response_url: suite.slack.responseUrl('click'),
      actions: [{ type: 'button', action_id: 'open_run', block_id: 'b', value: 'x', action_ts: '1' }],
    });
    const body = new URLSearchParams({ payload }).toString();
    const timestamp = Math.floor(Date.now() / 1_000);
    const response = await fetch(suite.harness.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(signingSecret, timestamp, body),
      },
      body,
    });
    expect(response.status).toBe(200);
  });

  it('checked the bot token with Slack at start, at the configured Slack API URL', () => {
    expect(suite.slack.apiCalls).toContainEqual({ method: 'auth.test', authorization: 'Bearer xoxb-test' });
  });
});

describe('Socket Mode', () => {
  it('connects with the app token through the configured Slack API URL instead of listening', async () => {
    const bot = buildBotApp({
      slack: { mode: 'socket', botToken: 'xoxb-test', appToken: 'xapp-1-test', apiUrl: suite.slack.apiUrl },
      http: { host: '127.0.0.1', port: 0 },
      api,
      logger: createLogger({ level: 'silent' }),
    });
    // The stand-in does not speak Socket Mode: it refuses the app token as Slack refuses a bad
    // one, so start() fails, after asking in the right place with the right token.
    await expect(bot.start()).rejects.toThrow(/invalid_auth/);
    expect(suite.slack.apiCalls).toContainEqual({ method: 'apps.connections.open', authorization: 'Bearer xapp-1-test' });
    await bot.stop();
  });
});
