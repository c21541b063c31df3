import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotAllowedError, NotFoundError, UpstreamError } from '@trainops/contracts';
import type { ProjectSummary } from '@trainops/contracts';
import { buildRunFixture } from '@trainops/contracts/testing';
import { createApiClient } from './api-client.ts';
import { json, silence, startScriptedServer, text, unusedLoopbackUrl } from './test-support/scripted-server.ts';
import type { ScriptedServer } from './test-support/scripted-server.ts';

// The requester and Slack place match the requests below, and a non-null `slack` makes the client
// read the nested object too.
const run = buildRunFixture({ requester: 'U123', slack: { channelId: 'C1', threadTs: null, cardTs: null } });
const runId = run.id;

const project: ProjectSummary = {
  name: 'pcb-defect',
  description: 'Defects on printed circuit boards',
  task: 'detect',
  baseModel: 'yolo11n.pt',
  parameters: { epochs: { type: 'int', min: 1, max: 300 } },
  slackChannel: 'C1',
  requesters: [],
  approvers: ['U9'],
};

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

function client(overrides: { baseUrl?: string; timeoutMs?: number } = {}) {
  return createApiClient({ baseUrl: server.url, token: 'bot-token', retryDelayMs: 0, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('createRun', () => {
  it('posts the request with the bearer token and the idempotency key and reads the run', async () => {
    server.script(json(201, run));
    const result = await client().createRun(
      { project: 'pcb-defect', params: { epochs: 50 }, trigger: 'slash', requester: 'U123' },
      { idempotencyKey: 'slack:T1:trigger-1' },
    );
    expect(result).toEqual({ run, replayed: false });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v1/runs');
    expect(request?.headers.authorization).toBe('Bearer bot-token');
    expect(request?.headers['idempotency-key']).toBe('slack:T1:trigger-1');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      project: 'pcb-defect',
      params: { epochs: 50 },
      trigger: 'slash',
      requester: 'U123',
    });
  });

  it('reports a replay when the api says the key matched an earlier request', async () => {
    server.script(json(200, run, { 'Idempotent-Replayed': 'true' }));
    const result = await client().createRun({ project: 'pcb-defect' }, { idempotencyKey: 'slack:T1:trigger-1' });
    expect(result.replayed).toBe(true);
  });

  it('turns the api error body into the typed error with its message and details', async () => {
    server.script(
      json(403, { error: { code: 'NOT_ALLOWED', message: 'You may not train pcb-defect.', details: { project: 'pcb-defect' } } }),
    );
    const error = await failure(client().createRun({ project: 'pcb-defect' }, { idempotencyKey: 'slack:T1:trigger-2' }));
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe('You may not train pcb-defect.');
    expect((error as NotAllowedError).details).toEqual({ project: 'pcb-defect' });
    expect(server.requests).toHaveLength(1);
  });

  it('repeats a keyed request after a 503 and gets the run from the second attempt', async () => {
    server.script(text(503, 'upstream connect error'), json(201, run));
    const result = await client().createRun({ project: 'pcb-defect' }, { idempotencyKey: 'slack:T1:trigger-3' });
    expect(result.run.id).toBe(runId);
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'slack:T1:trigger-3',
      'slack:T1:trigger-3',
    ]);
  });

  it('never repeats a request without a key, since it could start a second run', async () => {
    server.script(text(502, 'bad gateway'), json(201, run));
    const error = await failure(client().createRun({ project: 'pcb-defect' }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'The training API did not answer (HTTP 502). The run may or may not have started: check the list of runs before trying again.',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an unusable idempotency key without sending anything', async () => {
    const error = await failure(client().createRun({ project: 'pcb-defect' }, { idempotencyKey: 'has space' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('The idempotency key is not usable: Idempotency-Key must be printable ASCII without spaces.');
    expect(server.requests).toHaveLength(0);
  });

  it('says plainly that nothing was started when the api refuses the connection', async () => {
    const down = createApiClient({ baseUrl: await unusedLoopbackUrl(), token: 't', retryDelayMs: 0 });
    const error = await failure(down.createRun({ project: 'pcb-defect' }, { idempotencyKey: 'slack:T1:trigger-4' }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('The training API did not answer (connection refused). Nothing was started.');
    expect(error.cause).toBeDefined();
  });
});

describe('cancelRun', () => {
  it('posts the clicking user as requester and reads a queued run that is now cancelled', async () => {
    const cancelled = { ...run, state: 'cancelled' as const };
    server.script(json(200, cancelled));
    const result = await client().cancelRun(runId, { requester: 'U123' });
    expect(result).toEqual({ run: cancelled, stopping: false });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/api/v1/runs/${runId}/cancel`);
    expect(request?.headers.authorization).toBe('Bearer bot-token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ requester: 'U123' });
  });

  it('reports a run whose workflow is being stopped when the api answers 202', async () => {
    const running = { ...run, state: 'running' as const };
    server.script(json(202, running));
    expect(await client().cancelRun(runId, { requester: 'U123' })).toEqual({ run: running, stopping: true });
  });

  it('sends an empty body for a machine client that acts as itself', async () => {
    server.script(json(200, run));
    await client().cancelRun(runId);
    expect(server.requests[0]?.body).toBe('{}');
  });

  it('passes the api refusal on as the typed error with its message', async () => {
    server.script(json(409, { error: { code: 'CONFLICT', message: 'Run 0b8f4a2e is succeeded and can no longer be cancelled.', details: { state: 'succeeded' } } }));
    const error = await failure(client().cancelRun(runId, { requester: 'U123' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Run 0b8f4a2e is succeeded and can no longer be cancelled.');
  });

  it('sends a cancel once, even after a 503, and says the outcome is unknown', async () => {
    server.script(text(503, 'busy'), json(200, run));
    const error = await failure(client().cancelRun(runId, { requester: 'U123' }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'The training API did not answer (HTTP 503). The run may or may not have been cancelled: look at its card before trying again.',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('says that nothing was cancelled when the api refuses the connection', async () => {
    const down = createApiClient({ baseUrl: await unusedLoopbackUrl(), token: 't', retryDelayMs: 0 });
    const error = await failure(down.cancelRun(runId, { requester: 'U123' }));
    expect(error.message).toBe('The training API did not answer (connection refused). Nothing was cancelled.');
  });

  it('refuses something that is not a run id without sending anything', async () => {
    const error = await failure(client().cancelRun('../../projects', { requester: 'U123' }));
    expect(error).toBeInstanceOf(InputError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('retryRun', () => {
  it('posts the requester with the idempotency key and reads the new run', async () => {
    const retried = { ...run, id: '1c9e5b3f-7d2e-4a8b-8f4c-3e6d9b2a1f58' };
    server.script(json(201, retried));
    const result = await client().retryRun(runId, { requester: 'U123', idempotencyKey: `slack:T1:1717.1:retry:${runId}` });
    expect(result).toEqual({ run: retried, replayed: false });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/api/v1/runs/${runId}/retry`);
    expect(request?.headers['idempotency-key']).toBe(`slack:T1:1717.1:retry:${runId}`);
    expect(JSON.parse(request?.body ?? '')).toEqual({ requester: 'U123' });
  });

  it('reports a replay when the key matched an earlier click', async () => {
    server.script(json(200, run, { 'Idempotent-Replayed': 'true' }));
    const result = await client().retryRun(runId, { requester: 'U123', idempotencyKey: 'slack:T1:1717.2:retry:x' });
    expect(result.replayed).toBe(true);
  });

  it('repeats a keyed retry after a 502, with the same key', async () => {
    server.script(text(502, 'bad gateway'), json(201, run));
    await client().retryRun(runId, { requester: 'U123', idempotencyKey: 'slack:T1:1717.3:retry:x' });
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'slack:T1:1717.3:retry:x',
      'slack:T1:1717.3:retry:x',
    ]);
  });

  it('never repeats a retry without a key, since it could start a second run', async () => {
    server.script(text(502, 'bad gateway'), json(201, run));
    const error = await failure(client().retryRun(runId, { requester: 'U123' }));
    expect(error.message).toBe(
      'The training API did not answer (HTTP 502). The run may or may not have started: check the list of runs before trying again.',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('turns a refusal into a NotAllowedError with the api message', async () => {
    server.script(json(403, { error: { code: 'NOT_ALLOWED', message: 'Only the requester or an approver of pcb-defect can retry this run.' } }));
    const error = await failure(client().retryRun(runId, { requester: 'U777', idempotencyKey: 'slack:T1:1717.4:retry:x' }));
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe('Only the requester or an approver of pcb-defect can retry this run.');
  });

  it('refuses an unusable idempotency key without sending anything', async () => {
    const error = await failure(client().retryRun(runId, { requester: 'U123', idempotencyKey: 'short' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('The idempotency key is not usable: Idempotency-Key must be 8-200 characters.');
    expect(server.requests).toHaveLength(0);
  });
});

describe('getRun', () => {
  it('reads one run by id', async () => {
    server.script(json(200, run));
    expect(await client().getRun(runId)).toEqual(run);
    expect(server.requests[0]?.url).toBe(`/api/v1/runs/${runId}`);
    expect(server.requests[0]?.method).toBe('GET');
  });

  it('turns a 404 body into a NotFoundError', async () => {
    server.script(json(404, { error: { code: 'NOT_FOUND', message: `No run ${runId}.` } }));
    const error = await failure(client().getRun(runId));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(`No run ${runId}.`);
  });

  it('refuses something that is not a run id without sending anything', async () => {
    const error = await failure(client().getRun('../projects'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('"../projects" is not a run id: run ids look like 0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47.');
    expect(server.requests).toHaveLength(0);
  });

  it('gives up after the bounded retries when the gateway keeps failing', async () => {
    server.script(text(504, 'timeout'), text(502, 'bad'), text(503, 'busy'));
    const error = await failure(client().getRun(runId));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('The training API did not answer (HTTP 503). Please try again in a moment.');
    expect(server.requests).toHaveLength(3);
  });

  it('times out an answer that never comes', async () => {
    server.script(silence(), silence(), silence());
    const error = await failure(client({ timeoutMs: 50 }).getRun(runId));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('The training API did not answer (timed out after 50 ms). Please try again in a moment.');
    expect(server.requests).toHaveLength(3);
  });

  it('reports an answer of the wrong shape as unreadable instead of passing it on', async () => {
    server.script(json(200, { id: runId, state: 'exploded' }));
    const error = await failure(client().getRun(runId));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'The training API sent an answer we could not read (HTTP 200, unexpected shape). Please try again in a moment.',
    );
  });

  it('reports a body that is not JSON as unreadable', async () => {
    server.script(text(200, '<html>login</html>'));
    const error = await failure(client().getRun(runId));
    expect(error.message).toBe(
      'The training API sent an answer we could not read (HTTP 200, not JSON). Please try again in a moment.',
    );
  });

  it('reports a 4xx without our error body as an unexpected answer', async () => {
    server.script(text(404, 'Cannot GET'));
    const error = await failure(client().getRun(runId));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('The training API answered unexpectedly (HTTP 404). Please try again in a moment.');
    expect(server.requests).toHaveLength(1);
  });
});

describe('listRuns', () => {
  it('sends only the filters that were given and reads the page', async () => {
    server.script(json(200, { items: [run], nextCursor: 'abc' }));
    const page = await client().listRuns({ project: 'pcb-defect', state: 'running', requester: 'U123', limit: 5 });
    expect(page).toEqual({ items: [run], nextCursor: 'abc' });
    expect(server.requests[0]?.url).toBe('/api/v1/runs?project=pcb-defect&state=running&requester=U123&limit=5');
  });

  it('asks for the default page size when no filter is given', async () => {
    server.script(json(200, { items: [], nextCursor: null }));
    await client().listRuns();
    expect(server.requests[0]?.url).toBe('/api/v1/runs?limit=20');
  });

  it('refuses an impossible filter without sending anything', async () => {
    const error = await failure(client().listRuns({ limit: 500 }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('The run list cannot be asked for like that (limit: Too big: expected number to be <=100).');
    expect(server.requests).toHaveLength(0);
  });
});

describe('listProjects', () => {
  it('unwraps the items of the project list', async () => {
    server.script(json(200, { items: [project] }));
    expect(await client().listProjects()).toEqual([project]);
    expect(server.requests[0]?.url).toBe('/api/v1/projects');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer bot-token');
  });

  it('keeps a path prefix of the base URL', async () => {
    server.script(json(200, { items: [] }));
    await client({ baseUrl: `${server.url}/trainops` }).listProjects();
    expect(server.requests[0]?.url).toBe('/trainops/api/v1/projects');
  });
});

describe('runUrl', () => {
  it('points at the run in the api without making a request', () => {
    expect(client({ baseUrl: 'https://trainops.example.com/base' }).runUrl(runId)).toBe(
      `https://trainops.example.com/base/api/v1/runs/${runId}`,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('createApiClient', () => {
  it('refuses a base URL that is not http(s)', () => {
    expect(() => createApiClient({ baseUrl: 'ftp://x', token: 't' })).toThrow(
      'The api base URL "ftp://x" must start with http:// or https://.',
    );
    expect(() => createApiClient({ baseUrl: 'localhost:8080', token: 't' })).toThrow(/must start with http/);
  });
});
