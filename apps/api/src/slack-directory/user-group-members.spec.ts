// Against the Slack stand-in over loopback, through @slack/web-api's WebClient as the api wires it.
import { createServer } from 'node:net';
import { UpstreamError } from '@trainops/contracts';
import { startSlackEmulator, type SlackEmulator } from '@trainops/slack-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNotifierWebClient } from '../notifier/index.ts';
import { createSlackUserGroupResolver } from './user-group-members.ts';

const botToken = 'xoxb-user-group-spec';
const group = 'S0REVIEWERS';
let emulator: SlackEmulator;

beforeAll(async () => {
  emulator = await startSlackEmulator({
    signingSecret: 'user-group-spec',
    botToken,
    workspace: { userGroups: [{ id: group, handle: 'reviewers', users: ['U0ERIN', 'U0CAROL'] }] },
    rateLimits: { enabled: false },
    log: () => undefined,
  });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => {
  emulator.reset();
});

function resolver(options: { apiUrl?: string; ttlMs?: number; now?: () => number } = {}) {
  const directory = createNotifierWebClient({ token: botToken, slackApiUrl: options.apiUrl ?? emulator.apiUrl, timeoutMs: 2000 });
  return createSlackUserGroupResolver({ directory, ttlMs: options.ttlMs ?? 60_000, ...(options.now ? { now: options.now } : {}) });
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/`;
}

describe('createSlackUserGroupResolver', () => {
  it("answers with the group's members from usergroups.users.list, one call for concurrent lookups and none while fresh", async () => {
    const resolve = resolver();
    const answers = await Promise.all([resolve(group), resolve(group), resolve(group)]);
    expect(answers).toEqual([['U0ERIN', 'U0CAROL'], ['U0ERIN', 'U0CAROL'], ['U0ERIN', 'U0CAROL']]);
    expect(await resolve(group)).toEqual(['U0ERIN', 'U0CAROL']);
    expect(emulator.calls('usergroups.users.list')).toHaveLength(1);
  });

  it('asks Slack again once the members are older than the TTL', async () => {
    let clock = 0;
    const resolve = resolver({ ttlMs: 1000, now: () => clock });
    await resolve(group);
    clock = 999;
    await resolve(group);
    clock = 1000;
    await resolve(group);
    expect(emulator.calls('usergroups.users.list')).toHaveLength(2);
  });

  it("refuses with Slack's reason when the group does not exist or Slack rate-limits, and never guesses members", async () => {
    const resolve = resolver();
    await expect(resolve('S0NOSUCH')).rejects.toThrow(
      'Slack could not list the members of user group <!subteam^S0NOSUCH> (no_such_subteam), so membership cannot be checked right now; try again in a moment.',
    );
    emulator.forceRateLimit({ method: 'usergroups.users.list', count: 1, retryAfterSeconds: 30 });
    const limited = resolve(group);
    await expect(limited).rejects.toBeInstanceOf(UpstreamError);
    await expect(limited).rejects.toThrow(/\(rate limited\)/);
  });

  it('keeps answering with the last known members while Slack cannot be reached, and refuses without any', async () => {
    let clock = 0;
    const live = createSlackUserGroupResolver({
      directory: {
        usergroups: {
          users: {
            // The first lookup reaches the stand-in; later ones go to a port nothing listens on.
            list: async (args) => {
              const url = clock === 0 ? emulator.apiUrl : await closedPortUrl();
              return createNotifierWebClient({ token: botToken, slackApiUrl: url, timeoutMs: 2000 }).usergroups.users.list(args);
            },
          },
        },
      },
      ttlMs: 1000,
      now: () => clock,
    });
    expect(await live(group)).toEqual(['U0ERIN', 'U0CAROL']);
    clock = 5000;
    expect(await live(group)).toEqual(['U0ERIN', 'U0CAROL']);

    const cold = resolver({ apiUrl: await closedPortUrl() });
    await expect(cold(group)).rejects.toThrow(/^Slack could not list the members of user group <!subteam\^S0REVIEWERS> \(.+\), so membership cannot be checked right now/);
  });
});
