import type { Run } from '../api.ts';

/**
 * A complete, valid run as the api returns it; tests override only the fields they are about.
 * One copy for every unit, so a new field in RunSchema is added here once (the spec beside this
 * file fails until it is).
 */
export function buildRunFixture(overrides: Partial<Run> = {}): Run {
  return {
    id: '0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47',
    project: 'pcb-defect',
    kind: 'train',
    trigger: 'slash',
    requester: 'U0123ABCD',
    params: { epochs: 50, imgsz: 640 },
    state: 'queued',
    progress: null,
    message: null,
    metrics: null,
    workflow: null,
    artifactsPrefix: null,
    slack: null,
    parentRunId: null,
    scheduleId: null,
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}
