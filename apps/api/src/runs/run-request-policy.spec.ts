import { InputError, NotAllowedError } from '@trainops/contracts';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../auth/authenticate.ts';
import { resolveRunRequest } from './run-request-policy.ts';
import type { CreateRunBody } from './run-request-policy.ts';

const client: Caller = { kind: 'client', name: 'ci', id: 'client:ci' };
const bot: Caller = { kind: 'bot', id: 'bot' };
const body = (extra: Partial<CreateRunBody> = {}): CreateRunBody => ({ project: 'p', params: {}, trigger: 'api', ...extra });

describe('resolveRunRequest', () => {
  it('records a machine client as the requester', () => {
    expect(resolveRunRequest(client, body())).toEqual({
      project: 'p',
      params: {},
      trigger: 'api',
      requester: 'client:ci',
      requesterIsSlackUser: false,
      slack: undefined,
      callerId: 'client:ci',
    });
  });

  it('refuses a machine client that sets requester, slash or a Slack origin', () => {
    expect(() => resolveRunRequest(client, body({ requester: 'U1' }))).toThrow(
      'API clients may not set "requester": runs started with this token are recorded as requested by client:ci.',
    );
    expect(() => resolveRunRequest(client, body({ trigger: 'slash' }))).toThrow(NotAllowedError);
    expect(() => resolveRunRequest(client, body({ slack: { channelId: 'C1' } }))).toThrow(
      'Only the Slack bot may attach a Slack origin ("slack") to a run.',
    );
  });

  it('lets the bot act for a Slack user', () => {
    expect(resolveRunRequest(bot, body({ trigger: 'slash', requester: 'U1', slack: { channelId: 'C1' } }))).toMatchObject({
      requester: 'U1',
      requesterIsSlackUser: true,
      trigger: 'slash',
      callerId: 'bot',
    });
  });

  it('needs a requester for a slash run and refuses the schedule trigger over HTTP', () => {
    expect(() => resolveRunRequest(bot, body({ trigger: 'slash' }))).toThrow(InputError);
    expect(() => resolveRunRequest(bot, body({ trigger: 'schedule', requester: 'U1' }))).toThrow(
      'This caller may not start runs with trigger "schedule"; allowed: slash, api.',
    );
  });
});
