import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds } from '@trainops/db/testing';
import type { TestDatabase } from '@trainops/db/testing';
import { createRunStateStore } from './run-state-store.ts';
import type { RunStateStore } from './run-state-store.ts';
import { createRecordingLogger, insertRun, listTransitions } from './testing/run-rows.ts';

const kinds = await testDatabaseKinds();

describe.each(kinds)('the run state store on %s', (kind) => {
  let database: TestDatabase;
  let store: RunStateStore;
  const logger = createRecordingLogger();
  const now = new Date('2026-03-01T12:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = createRunStateStore({ prisma: database.prisma, clock: () => now, logger });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('moves a run forward with the previous state in the condition and appends one event in the same write', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets' });
    const result = await store.applyStatus(run.id, {
      state: 'submitted',
      message: 'Submitted to the cluster',
      workflow: { namespace: 'trainops', name: 'widgets-abc' },
      details: { workflow: 'widgets-abc' },
    });
    expect(result).toMatchObject({ changed: true, from: 'queued', to: 'submitted', outcome: 'transitioned' });
    expect(result.run).toMatchObject({ state: 'submitted', workflowNamespace: 'trainops', workflowName: 'widgets-abc', message: 'Submitted to the cluster' });

    const startedAt = new Date('2026-03-01T11:59:00.000Z');
    await store.applyStatus(run.id, { state: 'running', progress: 'epoch 1/3', startedAt });
    const finished = await store.applyStatus(run.id, { state: 'succeeded', progress: 'epoch 3/3', message: null });
    expect(finished.run).toMatchObject({ state: 'succeeded', progress: 'epoch 3/3', startedAt, finishedAt: now });
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→queued', 'queued→submitted', 'submitted→running', 'running→succeeded']);
    const events = await database.prisma.runEvent.findMany({ where: { runId: run.id }, orderBy: { id: 'asc' } });
    expect(events[1]).toMatchObject({ message: 'Submitted to the cluster', details: { workflow: 'widgets-abc' } });
  });

  it('changes nothing when the same status is applied again', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'running' });
    const first = await store.applyStatus(run.id, { state: 'running', progress: 'epoch 2/5', message: 'running train' });
    expect(first).toMatchObject({ changed: false, outcome: 'updated' });
    const stored = await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } });

    const replay = await store.applyStatus(run.id, { state: 'running', progress: 'epoch 2/5', message: 'running train' });
    expect(replay).toMatchObject({ changed: false, from: 'running', to: 'running', outcome: 'unchanged' });
    expect(await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toEqual(stored);
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→running']);
  });

  it('updates progress and message within a state without adding an event', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'running' });
    await store.applyStatus(run.id, { state: 'running', progress: 'epoch 1/5' });
    const result = await store.applyStatus(run.id, { state: 'running', progress: 'epoch 2/5' });
    expect(result).toMatchObject({ changed: false, outcome: 'updated' });
    expect(result.run?.progress).toBe('epoch 2/5');
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→running']);
  });

  it('refuses and logs an impossible transition, writing nothing', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'running' });
    const before = await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    const result = await store.applyStatus(run.id, { state: 'promoted', message: 'promoted without approval' });
    expect(result).toMatchObject({ changed: false, from: 'running', to: 'promoted', outcome: 'refused' });
    expect(logger.lines).toContainEqual({ level: 'warn', fields: { runId: run.id, from: 'running', to: 'promoted' }, message: 'refused an impossible run state transition' });
    expect(await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toEqual(before);
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→running']);
  });

  it('ignores an update that is behind the run, such as an old event after the run finished', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'succeeded' });
    const result = await store.applyStatus(run.id, { state: 'running', progress: 'epoch 1/3' });
    expect(result).toMatchObject({ changed: false, outcome: 'stale' });
    expect((await database.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).progress).toBeNull();
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→succeeded']);
  });

  it('lets exactly one of many concurrent appliers make the change', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'running' });
    const results = await Promise.all(Array.from({ length: 8 }, () => store.applyStatus(run.id, { state: 'succeeded', message: null })));
    expect(results.filter((result) => result.changed)).toHaveLength(1);
    expect(results.every((result) => result.run?.state === 'succeeded')).toBe(true);
    expect(await listTransitions(database.prisma, run.id)).toEqual(['∅→running', 'running→succeeded']);
  });

  it('lets only one of two different final states win', async () => {
    const run = await insertRun(database.prisma, { project: 'widgets', state: 'running' });
    const results = await Promise.all([store.applyStatus(run.id, { state: 'failed' }), store.applyStatus(run.id, { state: 'cancelled' })]);
    expect(results.filter((result) => result.changed)).toHaveLength(1);
    expect(await listTransitions(database.prisma, run.id)).toHaveLength(2);
  });

  it('reports a run that does not exist without writing', async () => {
    const result = await store.applyStatus('00000000-0000-4000-8000-000000000000', { state: 'running' });
    expect(result).toMatchObject({ changed: false, from: null, outcome: 'not-found', run: null });
  });
});
