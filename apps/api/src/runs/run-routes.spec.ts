import type { Run, RunList } from '@trainops/contracts';
import { createTestDatabase, testDatabaseKinds } from '@trainops/db/testing';
import type { TestDatabase } from '@trainops/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestProjects, RESTRICTED_REQUESTER } from '../testing/test-projects.ts';
import { asBot, asCi, asDeploy, buildTestApp, countRows, createSteppingClock, json, post } from '../testing/test-api.ts';

const kinds = await testDatabaseKinds();

interface ErrorAnswer {
  error: { code: string; message: string; details?: unknown };
}

describe.each(kinds)('runs api on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    app = await buildTestApp({
      database,
      projects: await loadTestProjects(),
      clock: createSteppingClock(),
      resolveUserGroupMembers: async (group) => (group === 'S0GROUP0001' ? ['U0MEMBER001'] : []),
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function expectNothingWritten(request: () => Promise<unknown>): Promise<void> {
    const before = await countRows(database);
    await request();
    expect(await countRows(database)).toEqual(before);
  }

  describe('creating a run', () => {
    it('queues it with its parameters resolved, its first event and an audit entry', async () => {
      const before = await countRows(database);
      const response = await post(app, { project: 'widgets', params: { epochs: '80', optimizer: 'AdamW' } });

      expect(response.statusCode).toBe(201);
      const run = json<Run>(response);
      expect(response.headers['location']).toBe(`http://api.test/api/v1/runs/${run.id}`);
      expect(run).toMatchObject({
        project: 'widgets',
        kind: 'train',
        trigger: 'api',
        requester: 'client:ci',
        params: { epochs: 80, imgsz: 640, optimizer: 'AdamW', cache: false },
        state: 'queued',
        slack: null,
        workflow: null,
      });
      expect(await countRows(database)).toEqual({ runs: before.runs + 1, events: before.events + 1, audits: before.audits + 1 });

      const events = await database.prisma.runEvent.findMany({ where: { runId: run.id } });
      expect(events).toMatchObject([{ fromState: null, toState: 'queued' }]);
      const audit = await database.prisma.auditEntry.findFirst({ where: { target: `run:${run.id}` } });
      expect(audit).toMatchObject({ actor: 'client:ci', action: 'run.create' });
    });

    it('lets the bot start a slash run for a Slack user with its Slack origin', async () => {
      const response = await post(
        app,
        { project: 'widgets', trigger: 'slash', requester: 'U0SOMEONE01', slack: { channelId: 'C0123456789', threadTs: '1700000000.000100' } },
        asBot,
      );
      expect(response.statusCode).toBe(201);
      expect(json<Run>(response)).toMatchObject({
        trigger: 'slash',
        requester: 'U0SOMEONE01',
        slack: { channelId: 'C0123456789', threadTs: '1700000000.000100', cardTs: null },
      });
    });

    it('refuses an unknown project, listing the known ones, and writes nothing', async () => {
      await expectNothingWritten(async () => {
        const response = await post(app, { project: 'widget', params: {} });
        expect(response.statusCode).toBe(404);
        const body = json<ErrorAnswer>(response);
        expect(body.error.code).toBe('NOT_FOUND');
        expect(body.error.message).toContain('widgets');
        expect(body.error.message).toContain('restricted');
      });
    });

    it.each([
      ['out of range', { epochs: 5000 }, 'epochs'],
      ['of the wrong type', { epochs: 'many' }, 'epochs'],
      ['unknown', { epohcs: 10 }, 'epohcs'],
    ])('refuses a parameter %s with a message naming it, and writes nothing', async (_what, params, named) => {
      await expectNothingWritten(async () => {
        const response = await post(app, { project: 'widgets', params });
        expect(response.statusCode).toBe(400);
        const body = json<ErrorAnswer>(response);
        expect(body.error.code).toBe('INPUT_INVALID');
        expect(body.error.message).toContain(named);
        expect(body.error.details).toMatchObject({ problems: [{ parameter: named }] });
      });
    });

    it('lists every problem at once', async () => {
      const response = await post(app, { project: 'widgets', params: { epochs: 0, optimizer: 'Adam0' } });
      expect(response.statusCode).toBe(400);
      expect(json<ErrorAnswer>(response).error.message.split('\n')).toHaveLength(2);
    });

    it('refuses a body that breaks the schema with the field named', async () => {
      await expectNothingWritten(async () => {
        const response = await post(app, { params: { epochs: 10 } });
        expect(response.statusCode).toBe(400);
        const body = json<ErrorAnswer>(response);
        expect(body.error.code).toBe('INPUT_INVALID');
        expect(body.error.message).toMatch(/^The request is not valid: body\.project: /);
        expect(body.error.details).toMatchObject({ issues: [{ location: 'body', path: 'project' }] });
      });
    });

    it('refuses a machine client that sets the requester', async () => {
      await expectNothingWritten(async () => {
        const response = await post(app, { project: 'widgets', requester: 'U0SOMEONE01' });
        expect(response.statusCode).toBe(403);
        expect(json<ErrorAnswer>(response).error).toEqual({
          code: 'NOT_ALLOWED',
          message: 'API clients may not set "requester": runs started with this token are recorded as requested by client:ci.',
        });
      });
    });

    it('refuses a machine client that claims a slash trigger', async () => {
      const response = await post(app, { project: 'widgets', trigger: 'slash' });
      expect(response.statusCode).toBe(403);
      expect(json<ErrorAnswer>(response).error.code).toBe('NOT_ALLOWED');
    });

    it('refuses a Slack user who may not request the project, naming who may', async () => {
      await expectNothingWritten(async () => {
        const response = await post(app, { project: 'restricted', trigger: 'slash', requester: 'U0STRANGER1' }, asBot);
        expect(response.statusCode).toBe(403);
        expect(json<ErrorAnswer>(response).error.message).toBe(
          `<@U0STRANGER1> may not start runs of restricted. Only <@${RESTRICTED_REQUESTER}> or <!subteam^S0GROUP0001> (or a member of those groups) may; ask one of them.`,
        );
      });
    });

    it('lets a listed user and a member of a listed group request the project', async () => {
      const direct = await post(app, { project: 'restricted', trigger: 'slash', requester: RESTRICTED_REQUESTER }, asBot);
      expect(direct.statusCode).toBe(201);
      const member = await post(app, { project: 'restricted', trigger: 'slash', requester: 'U0MEMBER001' }, asBot);
      expect(member.statusCode).toBe(201);
    });
  });

  describe('idempotency', () => {
    const request = { project: 'widgets', params: { epochs: 12 } };

    it('answers a repeat with the first run, 200 and Idempotent-Replayed', async () => {
      const headers = { ...asCi, 'idempotency-key': 'sequential-0001' };
      const first = await post(app, request, headers);
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const before = await countRows(database);

      // Key order differs: the same request all the same.
      const again = await post(app, { params: { epochs: 12 }, project: 'widgets' }, headers);
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['location']).toBe(first.headers['location']);
      expect(json<Run>(again)).toEqual(json<Run>(first));
      expect(await countRows(database)).toEqual(before);
    });

    it('creates one run for ten concurrent identical requests', async () => {
      const headers = { ...asCi, 'idempotency-key': 'concurrent-0001' };
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(app, request, headers)));
      const statuses = responses.map((response) => response.statusCode).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(responses.map((response) => json<Run>(response).id)).size).toBe(1);
      expect(await database.prisma.run.count({ where: { idempotencyKey: 'client:ci:concurrent-0001' } })).toBe(1);
    });

    it('refuses the same key with a different request, and writes nothing', async () => {
      const headers = { ...asCi, 'idempotency-key': 'reused-key-0001' };
      const first = await post(app, request, headers);
      expect(first.statusCode).toBe(201);
      await expectNothingWritten(async () => {
        const response = await post(app, { project: 'widgets', params: { epochs: 13 } }, headers);
        expect(response.statusCode).toBe(409);
        expect(json<ErrorAnswer>(response).error).toMatchObject({
          code: 'CONFLICT',
          message: `The Idempotency-Key "reused-key-0001" was already used for a different request (run ${json<Run>(first).id}). Send a new key for a new request; nothing was changed.`,
        });
      });
    });

    it('keeps each client’s keys apart', async () => {
      const key = { 'idempotency-key': 'shared-key-0001' };
      const ci = await post(app, request, { ...asCi, ...key });
      const deploy = await post(app, request, { ...asDeploy, ...key });
      expect([ci.statusCode, deploy.statusCode]).toEqual([201, 201]);
      expect(json<Run>(ci).id).not.toBe(json<Run>(deploy).id);
    });

    it('refuses a malformed key before doing anything', async () => {
      await expectNothingWritten(async () => {
        const response = await post(app, request, { ...asCi, 'idempotency-key': 'short' });
        expect(response.statusCode).toBe(400);
        expect(json<ErrorAnswer>(response).error.message).toContain('Idempotency-Key must be 8-200 characters');
      });
    });
  });

  describe('reading runs', () => {
    it('gets a run by id', async () => {
      const created = json<Run>(await post(app, { project: 'widgets' }));
      const response = await app.inject({ method: 'GET', url: `/api/v1/runs/${created.id}`, headers: asCi });
      expect(response.statusCode).toBe(200);
      expect(json<Run>(response)).toEqual(created);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const missing = await app.inject({ method: 'GET', url: '/api/v1/runs/00000000-0000-4000-8000-000000000000', headers: asCi });
      expect(missing.statusCode).toBe(404);
      expect(json<ErrorAnswer>(missing).error.message).toBe('There is no run with id 00000000-0000-4000-8000-000000000000.');
      const malformed = await app.inject({ method: 'GET', url: '/api/v1/runs/not-a-uuid', headers: asCi });
      expect(malformed.statusCode).toBe(400);
      expect(json<ErrorAnswer>(malformed).error.message).toMatch(/^The request is not valid: params\.id: /);
    });

    it('pages through runs newest first and filters them', async () => {
      const requesters = ['U0PAGER0001', 'U0PAGER0001', 'U0PAGER0002', 'U0PAGER0001', 'U0PAGER0001'];
      const created: Run[] = [];
      for (const requester of requesters) {
        created.push(json<Run>(await post(app, { project: 'widgets', trigger: 'slash', requester }, asBot)));
      }
      const expected = created.filter((run) => run.requester === 'U0PAGER0001').reverse().map((run) => run.id);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `requester=U0PAGER0001&trigger=slash&state=queued&project=widgets&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await app.inject({ method: 'GET', url: `/api/v1/runs?${query}`, headers: asCi });
        expect(response.statusCode).toBe(200);
        const page = json<RunList>(response);
        seen.push(...page.items.map((run) => run.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);

      expect(seen).toEqual(expected);
      expect(pages).toBe(2);
    });

    it('lists nothing for a filter nothing matches', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/runs?state=promoted', headers: asCi });
      expect(json<RunList>(response)).toEqual({ items: [], nextCursor: null });
    });

    it('refuses a tampered cursor', async () => {
      const first = json<RunList>(await app.inject({ method: 'GET', url: '/api/v1/runs?limit=1', headers: asCi }));
      expect(first.nextCursor).not.toBeNull();
      const tampered = `${first.nextCursor?.slice(0, -3)}xyz`;
      const response = await app.inject({ method: 'GET', url: `/api/v1/runs?cursor=${tampered}`, headers: asCi });
      expect(response.statusCode).toBe(400);
      expect(json<ErrorAnswer>(response).error.message).toContain('The cursor is not valid');
    });

    it('refuses a limit out of range', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/runs?limit=1000', headers: asCi });
      expect(response.statusCode).toBe(400);
      expect(json<ErrorAnswer>(response).error.message).toMatch(/querystring\.limit/);
    });
  });

  it('counts created runs by project and trigger in /metrics', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(/trainops_runs_created_total\{project="widgets",trigger="api"\} \d+/);
    expect(response.body).toMatch(/trainops_runs_created_total\{project="restricted",trigger="slash"\} 2/);
    expect(response.body).toContain('trainops_http_request_duration_seconds_bucket{le="0.005",route="/api/v1/runs",method="POST",status_code="201"}');
  });
});
