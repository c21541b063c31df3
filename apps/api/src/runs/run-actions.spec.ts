import type { Run, RunState } from '@trainops/contracts';
import type { RunRecord } from '@trainops/db';
import { createTestDatabase, testDatabaseKinds } from '@trainops/db/testing';
import type { TestDatabase } from '@trainops/db/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { BuildAppOptions } from '../app.ts';
import { loadTestProjects, RESTRICTED_REQUESTER } from '../testing/test-projects.ts';
import { asBot, asCi, countRows, createSteppingClock, json, post, testAuthConfig } from '../testing/test-api.ts';

const kinds = await testDatabaseKinds();

interface ErrorAnswer {
  error: { code: string; message: string; details?: unknown };
}

const REQUESTER = 'U0REQUEST01';
const STRANGER = 'U0STRANGER1';
const CHANNEL = 'C0123456789';

describe.each(kinds)('cancelling and retrying runs on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let appWithoutCluster: FastifyInstance;
  let approver: string;
  // The cluster port, recorded: which runs were asked to stop, and failures to answer with.
  const stops: RunRecord[] = [];
  const stopFailures: Error[] = [];
  const created: Run[] = [];
  const cancelledOutright: Run[] = [];

  async function build(options: Partial<BuildAppOptions>): Promise<FastifyInstance> {
    const instance = await buildApp({
      config: { http: { publicUrl: 'http://api.test', bodyLimitBytes: 65536 }, auth: testAuthConfig },
      database,
      projects: await loadTestProjects(),
      logger: pino({ level: 'silent' }),
      clock: createSteppingClock(),
      ...options,
    });
    await instance.ready();
    return instance;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const projects = await loadTestProjects();
    approver = projects.get('widgets').slack.approvers[0]!;
    app = await build({
      cancelRunWorkflow: async (run) => {
        const failure = stopFailures.shift();
        if (failure) throw failure;
        stops.push(run);
      },
      onRunCreated: (run) => created.push(run),
      onRunCancelled: (run) => cancelledOutright.push(run),
    });
    appWithoutCluster = await build({});
  });
  afterAll(async () => {
    await app?.close();
    await appWithoutCluster?.close();
    await database?.close();
  });
  beforeEach(() => {
    stops.length = 0;
    stopFailures.length = 0;
    created.length = 0;
    cancelledOutright.length = 0;
  });

  /** A run requested through the bot, then moved to `state` as the pipeline would have. */
  async function runIn(state: RunState, options: { requester?: string; project?: string; workflow?: boolean } = {}): Promise<Run> {
    const response = await post(
      app,
      { project: options.project ?? 'widgets', params: { epochs: 7 }, trigger: 'slash', requester: options.requester ?? REQUESTER, slack: { channelId: CHANNEL } },
      asBot,
    );
    expect(response.statusCode).toBe(201);
    const run = json<Run>(response);
    const withWorkflow = options.workflow ?? state !== 'queued';
    await database.prisma.run.update({
      where: { id: run.id },
      data: {
        state,
        ...(withWorkflow ? { workflowNamespace: 'trainops', workflowName: `widgets-${run.id}` } : {}),
      },
    });
    created.length = 0;
    return run;
  }

  function action(target: FastifyInstance, id: string, verb: 'cancel' | 'retry', body: unknown, headers: InjectOptions['headers'] = asBot) {
    return target.inject({ method: 'POST', url: `/api/v1/runs/${id}/${verb}`, headers, payload: body as InjectOptions['payload'] });
  }

  async function expectNothingWritten(request: () => Promise<unknown>): Promise<void> {
    const before = await countRows(database);
    await request();
    expect(await countRows(database)).toEqual(before);
  }

  async function auditsOf(runId: string, actionName: string) {
    return database.prisma.auditEntry.findMany({ where: { target: `run:${runId}`, action: actionName } });
  }

  describe('cancel', () => {
    it('cancels a queued run at once, with its event and an audit entry, and asks the cluster nothing', async () => {
      const run = await runIn('queued');
      const response = await action(app, run.id, 'cancel', { requester: REQUESTER });

      expect(response.statusCode).toBe(200);
      expect(json<Run>(response)).toMatchObject({ id: run.id, state: 'cancelled', message: 'Cancelled before it started.' });
      expect(json<Run>(response).finishedAt).not.toBeNull();
      const events = await database.prisma.runEvent.findMany({ where: { runId: run.id }, orderBy: { id: 'asc' } });
      expect(events.map((event) => [event.fromState, event.toState])).toEqual([
        [null, 'queued'],
        ['queued', 'cancelled'],
      ]);
      expect(await auditsOf(run.id, 'run.cancel')).toMatchObject([{ actor: REQUESTER, details: { via: 'bot', from: 'queued' } }]);
      expect(stops).toEqual([]);
      // No workflow will ever report this run: the app says so itself, so its card can end.
      expect(cancelledOutright.map((cancelled) => [cancelled.id, cancelled.state])).toEqual([[run.id, 'cancelled']]);
    });

    it('asks the cluster to stop a running run for an approver and answers 202 with the run', async () => {
      const run = await runIn('running');
      const response = await action(app, run.id, 'cancel', { requester: approver });

      expect(response.statusCode).toBe(202);
      // The watcher records `cancelled` when Argo reports the stop; until then the run runs.
      expect(json<Run>(response)).toMatchObject({ id: run.id, state: 'running' });
      expect(stops.map((stopped) => [stopped.id, stopped.workflowName])).toEqual([[run.id, `widgets-${run.id}`]]);
      expect(cancelledOutright).toEqual([]);
      expect(await auditsOf(run.id, 'run.cancel')).toMatchObject([
        { actor: approver, details: { via: 'bot', from: 'running', workflow: `trainops/widgets-${run.id}` } },
      ]);
    });

    it('answers a second cancel of a stopping run with 202 again, without a second stop', async () => {
      const run = await runIn('submitted');
      expect((await action(app, run.id, 'cancel', { requester: REQUESTER })).statusCode).toBe(202);
      await expectNothingWritten(async () => {
        const again = await action(app, run.id, 'cancel', { requester: approver });
        expect(again.statusCode).toBe(202);
      });
      expect(stops).toHaveLength(1);
    });

    it('stops once when several cancels of one run arrive together', async () => {
      const run = await runIn('running');
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => action(app, run.id, 'cancel', { requester: REQUESTER })),
      );
      expect(responses.map((response) => response.statusCode)).toEqual([202, 202, 202, 202, 202]);
      expect(stops).toHaveLength(1);
      expect(await auditsOf(run.id, 'run.cancel')).toHaveLength(1);
    });

    it('refuses someone who is neither the requester nor an approver, and changes nothing', async () => {
      const run = await runIn('running');
      await expectNothingWritten(async () => {
        const response = await action(app, run.id, 'cancel', { requester: STRANGER });
        expect(response.statusCode).toBe(403);
        expect(json<ErrorAnswer>(response).error).toMatchObject({
          code: 'NOT_ALLOWED',
          message: 'Only the requester or an approver of widgets can cancel this run.',
        });
      });
      expect(stops).toEqual([]);
    });

    it.each(['succeeded', 'failed', 'cancelled', 'pending_approval'] as const)(
      'refuses to cancel a %s run, naming its state, and changes nothing',
      async (state) => {
        const run = await runIn(state);
        await expectNothingWritten(async () => {
          const response = await action(app, run.id, 'cancel', { requester: REQUESTER });
          expect(response.statusCode).toBe(409);
          expect(json<ErrorAnswer>(response).error).toEqual({
            code: 'CONFLICT',
            message: `Run ${run.id.slice(0, 8)} is ${state.replace('_', ' ')} and can no longer be cancelled; only a queued, submitted or running run can. Nothing was changed.`,
            details: { state },
          });
        });
        expect(stops).toEqual([]);
      },
    );

    it('answers 503 when no cluster is configured to stop a running run, and changes nothing', async () => {
      const run = await runIn('running');
      await expectNothingWritten(async () => {
        const response = await action(appWithoutCluster, run.id, 'cancel', { requester: REQUESTER });
        expect(response.statusCode).toBe(503);
        expect(json<ErrorAnswer>(response).error).toEqual({
          code: 'UPSTREAM_UNAVAILABLE',
          message: `The cluster is not configured, so run ${run.id.slice(0, 8)} cannot be stopped from here. Nothing was changed.`,
        });
      });
    });

    it('still cancels a queued run without a cluster', async () => {
      const run = await runIn('queued');
      const response = await action(appWithoutCluster, run.id, 'cancel', { requester: REQUESTER });
      expect(response.statusCode).toBe(200);
      expect(json<Run>(response).state).toBe('cancelled');
    });

    it('keeps no trace of a stop the cluster refused, so the next click tries again', async () => {
      const run = await runIn('running');
      stopFailures.push(new Error('workflows.argoproj.io is forbidden'));
      await expectNothingWritten(async () => {
        const response = await action(app, run.id, 'cancel', { requester: REQUESTER });
        expect(response.statusCode).toBe(503);
        expect(json<ErrorAnswer>(response).error.message).toBe(
          `The cluster did not stop run ${run.id.slice(0, 8)} (workflows.argoproj.io is forbidden). It may still be running; try to cancel it again in a moment.`,
        );
      });
      const again = await action(app, run.id, 'cancel', { requester: REQUESTER });
      expect(again.statusCode).toBe(202);
      expect(stops.map((stopped) => stopped.id)).toEqual([run.id]);
    });

    it('lets a machine client cancel its own run', async () => {
      const own = json<Run>(await post(app, { project: 'widgets' }, asCi));
      const response = await action(app, own.id, 'cancel', {}, asCi);
      expect(response.statusCode).toBe(200);
      expect(await auditsOf(own.id, 'run.cancel')).toMatchObject([{ actor: 'client:ci', details: { via: 'client:ci' } }]);
    });

    it('takes a cancel without a body from a machine client', async () => {
      const own = json<Run>(await post(app, { project: 'widgets' }, asCi));
      const response = await app.inject({ method: 'POST', url: `/api/v1/runs/${own.id}/cancel`, headers: asCi });
      expect(response.statusCode).toBe(200);
    });

    it('refuses a machine client that speaks for a Slack user, and the bot when it names no one', async () => {
      const run = await runIn('queued');
      await expectNothingWritten(async () => {
        const client = await action(app, run.id, 'cancel', { requester: REQUESTER }, asCi);
        expect(client.statusCode).toBe(403);
        expect(json<ErrorAnswer>(client).error.message).toBe(
          'API clients may not set "requester": a cancel sent with this token is made by client:ci.',
        );
        const bot = await action(app, run.id, 'cancel', {});
        expect(bot.statusCode).toBe(400);
        expect(json<ErrorAnswer>(bot).error.message).toBe(
          'A cancel from the bot needs "requester": the Slack user id of the person who clicked.',
        );
      });
    });

    it('answers 404 for a run that does not exist', async () => {
      const response = await action(app, '00000000-0000-4000-8000-000000000000', 'cancel', { requester: REQUESTER });
      expect(response.statusCode).toBe(404);
      expect(json<ErrorAnswer>(response).error.message).toBe('There is no run with id 00000000-0000-4000-8000-000000000000.');
    });
  });

  describe('retry', () => {
    it('starts a new run like the failed one, for the person who clicked, and records both ids', async () => {
      const failed = await runIn('failed');
      const response = await action(app, failed.id, 'retry', { requester: REQUESTER }, { ...asBot, 'idempotency-key': `slack:T1:1.1:retry:${failed.id}` });

      expect(response.statusCode).toBe(201);
      const retried = json<Run>(response);
      expect(retried.id).not.toBe(failed.id);
      expect(retried).toMatchObject({
        project: 'widgets',
        params: failed.params,
        trigger: 'slash',
        requester: REQUESTER,
        state: 'queued',
        slack: { channelId: CHANNEL, threadTs: null, cardTs: null },
      });
      expect(response.headers['location']).toBe(`http://api.test/api/v1/runs/${retried.id}`);
      expect(created.map((run) => run.id)).toEqual([retried.id]);
      expect(await auditsOf(failed.id, 'run.retry')).toMatchObject([
        { actor: REQUESTER, details: { via: 'bot', retriedRunId: failed.id, newRunId: retried.id } },
      ]);
      const events = await database.prisma.runEvent.findMany({ where: { runId: retried.id } });
      expect(events).toMatchObject([{ fromState: null, toState: 'queued', message: `Retry of run ${failed.id} requested by ${REQUESTER}` }]);
    });

    it('answers a repeated click (same key) with the first new run and writes nothing', async () => {
      const failed = await runIn('error');
      const headers = { ...asBot, 'idempotency-key': `slack:T1:2.2:retry:${failed.id}` };
      const first = await action(app, failed.id, 'retry', { requester: REQUESTER }, headers);
      expect(first.statusCode).toBe(201);
      await expectNothingWritten(async () => {
        const again = await action(app, failed.id, 'retry', { requester: REQUESTER }, headers);
        expect(again.statusCode).toBe(200);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(json<Run>(again).id).toBe(json<Run>(first).id);
      });
      expect(created).toHaveLength(1);
    });

    it('retries a run once: a later click with its own key (another person, a double click) is told where the retry is', async () => {
      const failed = await runIn('failed');
      const first = json<Run>(await action(app, failed.id, 'retry', { requester: REQUESTER }, { ...asBot, 'idempotency-key': `slack:T1:4.1:retry:${failed.id}` }));
      await expectNothingWritten(async () => {
        const second = await action(app, failed.id, 'retry', { requester: approver }, { ...asBot, 'idempotency-key': `slack:T1:4.2:retry:${failed.id}` });
        expect(second.statusCode).toBe(409);
        expect(json<ErrorAnswer>(second).error.message).toBe(
          `Run ${failed.id.slice(0, 8)} was already retried as run ${first.id.slice(0, 8)} (queued), so nothing new was started. If that run fails too, retry it from its own card.`,
        );
      });
      expect(created.map((run) => run.id)).toEqual([first.id]);
    });

    it('starts exactly one run when five Retry clicks with different keys arrive at once', async () => {
      const failed = await runIn('cancelled');
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, click) => action(app, failed.id, 'retry', { requester: REQUESTER }, { ...asBot, 'idempotency-key': `slack:T1:5.${click}:retry:${failed.id}` })),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
      const retries = await database.prisma.run.findMany({ where: { retryOfRunId: failed.id } });
      expect(retries).toHaveLength(1);
      expect(await auditsOf(failed.id, 'run.retry')).toHaveLength(1);
      for (const refused of responses.filter((response) => response.statusCode === 409)) {
        expect(json<ErrorAnswer>(refused).error.message).toContain(`was already retried as run ${retries[0]!.id.slice(0, 8)}`);
      }
    });

    it('refuses a key already used to retry another run', async () => {
      const one = await runIn('failed');
      const other = await runIn('failed');
      const headers = { ...asBot, 'idempotency-key': 'slack:T1:3.3:retry:reused' };
      expect((await action(app, one.id, 'retry', { requester: REQUESTER }, headers)).statusCode).toBe(201);
      await expectNothingWritten(async () => {
        const response = await action(app, other.id, 'retry', { requester: REQUESTER }, headers);
        expect(response.statusCode).toBe(409);
        expect(json<ErrorAnswer>(response).error.code).toBe('CONFLICT');
      });
    });

    it('lets an approver retry a run of a project whose requester list does not name them', async () => {
      const cancelled = await runIn('cancelled', { project: 'restricted', requester: RESTRICTED_REQUESTER });
      const response = await action(app, cancelled.id, 'retry', { requester: approver });
      expect(response.statusCode).toBe(201);
      expect(json<Run>(response)).toMatchObject({ project: 'restricted', requester: approver, trigger: 'slash' });
    });

    it('refuses someone who is neither the requester nor an approver, and starts nothing', async () => {
      const failed = await runIn('failed');
      await expectNothingWritten(async () => {
        const response = await action(app, failed.id, 'retry', { requester: STRANGER });
        expect(response.statusCode).toBe(403);
        expect(json<ErrorAnswer>(response).error.message).toBe('Only the requester or an approver of widgets can retry this run.');
      });
      expect(created).toEqual([]);
    });

    it.each(['queued', 'running', 'succeeded', 'promoted'] as const)('refuses to retry a %s run and starts nothing', async (state) => {
      const run = await runIn(state);
      await expectNothingWritten(async () => {
        const response = await action(app, run.id, 'retry', { requester: REQUESTER });
        expect(response.statusCode).toBe(409);
        expect(json<ErrorAnswer>(response).error.message).toBe(
          `Run ${run.id.slice(0, 8)} is ${state}; only a failed, errored or cancelled run can be retried. Nothing was started.`,
        );
      });
    });

    it('lets a machine client retry its own run with trigger api and no Slack origin', async () => {
      const own = json<Run>(await post(app, { project: 'widgets', params: { epochs: 9 } }, asCi));
      await database.prisma.run.update({ where: { id: own.id }, data: { state: 'failed' } });
      const response = await action(app, own.id, 'retry', {}, asCi);
      expect(response.statusCode).toBe(201);
      expect(json<Run>(response)).toMatchObject({ requester: 'client:ci', trigger: 'api', slack: null, params: own.params });
    });
  });
});
