import { describe, expect, it } from 'vitest';
import { RunIdParamsSchema, RunSchema } from '../api.ts';
import { buildRunFixture } from './index.ts';

describe('buildRunFixture', () => {
  it('is a run the api could answer: RunSchema keeps every field as it is', () => {
    const run = buildRunFixture();
    // toEqual on the parsed copy also catches a field RunSchema does not know (parse drops it).
    expect(RunSchema.parse(run)).toEqual(run);
    expect(RunIdParamsSchema.safeParse({ id: run.id }).success).toBe(true);
  });

  it('lays the overrides over the valid run', () => {
    const slack = { channelId: 'C1', threadTs: null, cardTs: null };
    const run = buildRunFixture({ state: 'running', requester: 'U123', slack });
    expect(run).toMatchObject({ state: 'running', requester: 'U123', slack, project: 'pcb-defect' });
    expect(RunSchema.parse(run)).toEqual(run);
  });
});
