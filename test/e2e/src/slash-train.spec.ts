import { createApiClient, type ApiClient } from '@trainops/api-client';
import { signSlackRequest } from '@trainops/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestDevStack, type RunningDevStack } from './dev-stack-fixture.ts';

// The foundation's promise, over the real parts: the Slack stand-in signs and delivers a slash
// command to the bot process, which asks the api process, which writes to the embedded database.

const alice = { id: 'U05BX9ZT3PQ', name: 'alice' };
const channel = { id: 'C07PCB4D3F1', name: 'pcb-defect' };

interface EphemeralMessage {
  text: string;
  ts: string;
}

describe('/train through the dev stack', () => {
  let stack: RunningDevStack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestDevStack();
    api = createApiClient({ baseUrl: stack.info.api, token: stack.info.apiToken });
  }, 90_000);
  afterAll(async () => {
    await stack?.dispose();
  });

  async function ephemeralFor(userId: string): Promise<EphemeralMessage[]> {
    const response = await fetch(`${stack.info.slack}/_emulator/messages?channel=${channel.id}`);
    const body = (await response.json()) as { ephemeral: Record<string, EphemeralMessage[]> };
    return body.ephemeral[userId] ?? [];
  }

  async function sendCommand(text: string, user = alice.name): Promise<{ trigger_id: string; response_url: string; ack: { status: number } }> {
    const response = await fetch(`${stack.info.slack}/_emulator/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, channel: channel.name, text }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { trigger_id: string; response_url: string; ack: { status: number } };
  }

  async function runsOfPcbDefect() {
    return (await api.listRuns({ project: 'pcb-defect' })).items;
  }

  // Runs move on (the pipeline submits them), so runs are compared by identity.
  async function runIdsOfPcbDefect(): Promise<string[]> {
    return (await runsOfPcbDefect()).map((run) => run.id);
  }

  it('creates exactly one run, and a redelivery of the same command leaves exactly one', async () => {
    const before = await ephemeralFor(alice.id);
    const delivered = await sendCommand('/train pcb-defect epochs=50');
    expect(delivered.ack.status).toBe(200);

    const confirmation = await eventually(async () => (await ephemeralFor(alice.id)).at(before.length), 'the confirmation');
    expect(confirmation.text).toMatch(/^Run [0-9a-f]{8} of pcb-defect is queued\.$/);
    const runs = await runsOfPcbDefect();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      project: 'pcb-defect',
      trigger: 'slash',
      requester: alice.id,
      params: expect.objectContaining({ epochs: 50, imgsz: 640 }),
      slack: expect.objectContaining({ channelId: channel.id }),
    });

    // Slack redelivers the very same request (same trigger_id) with a retry header.
    const body = new URLSearchParams({
      token: 'verification-token',
      team_id: 'T0TRAINOPS',
      team_domain: 'trainops',
      channel_id: channel.id,
      channel_name: channel.name,
      user_id: alice.id,
      user_name: alice.name,
      command: '/train',
      text: 'pcb-defect epochs=50',
      api_app_id: 'A0TRAINOPS',
      response_url: delivered.response_url,
      trigger_id: delivered.trigger_id,
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const redelivery = await fetch(stack.info.bot, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest({ signingSecret: stack.info.slackSigningSecret, timestamp, body }),
        'x-slack-retry-num': '1',
        'x-slack-retry-reason': 'http_timeout',
      },
      body,
    });
    expect(redelivery.status).toBe(200);

    const second = await eventually(async () => (await ephemeralFor(alice.id)).at(before.length + 1), 'the answer to the redelivery');
    expect(second.text).toContain(runs[0]!.id.slice(0, 8));
    expect(await runIdsOfPcbDefect()).toEqual([runs[0]!.id]);
  });

  it('refuses a forged signature with 401 and starts nothing', async () => {
    const before = await runIdsOfPcbDefect();
    const body = new URLSearchParams({ command: '/train', text: 'pcb-defect epochs=5', user_id: alice.id, channel_id: channel.id, team_id: 'T0TRAINOPS', trigger_id: '1.2.forged', response_url: `${stack.info.slack}/nowhere` }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const forged = await fetch(stack.info.bot, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest({ signingSecret: 'not-the-signing-secret', timestamp, body }),
      },
      body,
    });
    expect(forged.status).toBe(401);
    expect(await runIdsOfPcbDefect()).toEqual(before);
  });

  it('answers an out-of-range parameter with the range and starts nothing', async () => {
    const before = await runIdsOfPcbDefect();
    const seen = (await ephemeralFor(alice.id)).length;
    await sendCommand('/train pcb-defect epochs=5000 imgsz=650');
    const answer = await eventually(async () => (await ephemeralFor(alice.id)).at(seen), 'the refusal');
    expect(answer.text).toContain('epochs must be between 1 and 300 (got 5000)');
    expect(answer.text).toContain('imgsz must be a multiple of 32 (got 650)');
    expect(await runIdsOfPcbDefect()).toEqual(before);
  });

  it("lets a member of a user group on the project's requester list train, and refuses someone on no list", async () => {
    // pcb-defect's requesters name the group S07QAPCB001, whose one member in the stand-in is erin.
    const erin = 'U0ERIN';
    const carol = 'U0CAROL';
    const before = await runIdsOfPcbDefect();
    await sendCommand('/train pcb-defect epochs=5', 'erin');
    const accepted = await eventually(async () => (await ephemeralFor(erin)).at(0), "erin's confirmation");
    expect(accepted.text).toMatch(/^Run [0-9a-f]{8} of pcb-defect is queued\.$/);
    const [erinsRun] = (await runsOfPcbDefect()).filter((run) => !before.includes(run.id));
    expect(erinsRun).toMatchObject({ requester: erin });

    const seen = await runIdsOfPcbDefect();
    await sendCommand('/train pcb-defect epochs=5', 'carol');
    const refused = await eventually(async () => (await ephemeralFor(carol)).at(0), "carol's refusal");
    // Mentions stay mentions (Slack shows names), the rest of the markup is escaped.
    expect(refused.text).toContain('<@U0CAROL> may not start runs of pcb-defect');
    expect(refused.text).toContain('<!subteam^S07QAPCB001>');
    expect(refused.text).toContain('(or a member of those groups)');
    expect(await runIdsOfPcbDefect()).toEqual(seen);
  });
});
