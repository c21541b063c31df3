import { Writable } from 'node:stream';
import type { ProjectRegistry } from '@trainops/projects';
import { createTestDatabase } from '@trainops/db/testing';
import type { TestDatabase } from '@trainops/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestProjects } from './testing/test-projects.ts';
import { asCi, buildTestApp, countRows, json, post } from './testing/test-api.ts';

// What the app does around the routes (auth, error translation, limits, docs, request ids) does
// not depend on the database kind, so these run on PGlite only.

interface ErrorAnswer {
  error: { code: string; message: string; details?: unknown };
}

describe('the api app', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let projects: ProjectRegistry;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    projects = await loadTestProjects();
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    app = await buildTestApp({ database, projects, bodyLimitBytes: 2048, logStream });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  describe('authentication', () => {
    it.each([
      ['no token', {}, 'This endpoint needs a token: send "Authorization: Bearer <token>".'],
      ['a wrong token', { authorization: 'Bearer wrong-token-0000000000000000000' }, 'The token is not valid.'],
      ['another scheme', { authorization: 'Basic Y2k6c2VjcmV0' }, 'The Authorization header must be "Bearer <token>".'],
    ])('answers 401 with WWW-Authenticate to %s', async (_what, headers, message) => {
      const before = await countRows(database);
      const response = await post(app, { project: 'widgets' }, headers);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(json<ErrorAnswer>(response)).toEqual({ error: { code: 'UNAUTHENTICATED', message } });
      expect(await countRows(database)).toEqual(before);
    });

    it('guards every /api/v1 route, and leaves health, metrics and docs open', async () => {
      for (const url of ['/api/v1/runs', '/api/v1/projects', '/api/v1/runs/00000000-0000-4000-8000-000000000000']) {
        expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      }
      for (const url of ['/healthz', '/metrics', '/docs/json']) {
        expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
      }
    });
  });

  it('lists the projects as summaries', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/projects', headers: asCi });
    expect(response.statusCode).toBe(200);
    const body = json<{ items: Array<{ name: string; parameters: Record<string, unknown> }> }>(response);
    expect(body.items.map((project) => project.name).sort()).toEqual(projects.list().map((project) => project.name).sort());
    expect(body.items.find((project) => project.name === 'widgets')?.parameters).toHaveProperty('epochs');
  });

  describe('bad requests', () => {
    it('answers 413 to a body over the limit, and writes nothing', async () => {
      const before = await countRows(database);
      const response = await post(app, { project: 'widgets', params: { note: 'x'.repeat(4096) } });
      expect(response.statusCode).toBe(413);
      expect(json<ErrorAnswer>(response)).toEqual({
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the limit of 2048 bytes; nothing was changed.' },
      });
      expect(await countRows(database)).toEqual(before);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/runs',
        headers: { ...asCi, 'content-type': 'application/json' },
        payload: '{"project": "widgets",',
      });
      expect(response.statusCode).toBe(400);
      expect(json<ErrorAnswer>(response)).toEqual({
        error: { code: 'INPUT_INVALID', message: 'The request body is not valid JSON; nothing was changed.' },
      });
    });

    it('answers 415 to a body that is not JSON at all', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/runs',
        headers: { ...asCi, 'content-type': 'text/plain' },
        payload: 'project=widgets',
      });
      expect(response.statusCode).toBe(415);
      expect(json<ErrorAnswer>(response).error).toEqual({ code: 'INPUT_INVALID', message: 'Send the request body as application/json.' });
    });

    it('answers 404 in the error shape for an unknown route', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v2/runs?x=1' });
      expect(response.statusCode).toBe(404);
      expect(json<ErrorAnswer>(response).error).toEqual({
        code: 'NOT_FOUND',
        message: 'There is no route GET /api/v2/runs; the API is described at /docs.',
      });
    });
  });

  it('answers an unexpected failure with 500 and only the request id, logging the error', async () => {
    // A registry that breaks stands in for a bug: nothing real in the app fails on demand.
    const broken: ProjectRegistry = {
      ...projects,
      list: () => {
        throw new Error('secret internal detail');
      },
    };
    const lines: string[] = [];
    const brokenApp = await buildTestApp({
      database,
      projects: broken,
      logStream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    });
    try {
      const response = await brokenApp.inject({
        method: 'GET',
        url: '/api/v1/projects',
        headers: { ...asCi, 'x-request-id': 'req-broken-1' },
      });
      expect(response.statusCode).toBe(500);
      expect(json<ErrorAnswer>(response)).toEqual({
        error: {
          code: 'INTERNAL',
          message: 'Something went wrong on our side. If it keeps happening, report request id req-broken-1.',
          details: { requestId: 'req-broken-1' },
        },
      });
      expect(response.body).not.toContain('secret internal detail');
      expect(lines.join('')).toContain('secret internal detail');
    } finally {
      await brokenApp.close();
    }
  });

  describe('request ids', () => {
    it('keeps an incoming x-request-id, echoes it and logs it with the run id', async () => {
      const response = await post(app, { project: 'widgets' }, { ...asCi, 'x-request-id': 'trace-abc-123' });
      expect(response.statusCode).toBe(201);
      expect(response.headers['x-request-id']).toBe('trace-abc-123');
      const runId = json<{ id: string }>(response).id;
      expect(logLines).toContainEqual(expect.objectContaining({ reqId: 'trace-abc-123', runId, msg: 'run created' }));
    });

    it('replaces a missing or odd-looking request id with a fresh one', async () => {
      const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('never logs a token', () => {
      expect(JSON.stringify(logLines)).not.toContain(asCi.authorization.slice(7));
    });
  });

  it('describes every route in the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = json<{ openapi: string; paths: Record<string, Record<string, { security?: unknown }>> }>(response);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/projects',
      '/api/v1/runs',
      '/api/v1/runs/{id}',
      '/api/v1/runs/{id}/cancel',
      '/api/v1/runs/{id}/retry',
      '/healthz',
      '/metrics',
      '/readyz',
    ]);
    expect(Object.keys(document.paths['/api/v1/runs'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(document.paths['/api/v1/runs']?.['post']?.security).toEqual([{ bearerAuth: [] }]);
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers liveness without touching anything', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(json(response)).toEqual({ status: 'ok' });
  });
});
