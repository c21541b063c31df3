import { describe, expect, it } from 'vitest';
import { canTransition, isActiveRunState, runStates } from './run-states.ts';

describe('run states', () => {
  it('only move forward: no state can be re-entered from a later one', () => {
    expect(canTransition('running', 'queued')).toBe(false);
    expect(canTransition('succeeded', 'running')).toBe(false);
    expect(canTransition('queued', 'submitted')).toBe(true);
    expect(canTransition('succeeded', 'pending_approval')).toBe(true);
  });

  it('treat exactly queued, submitted and running as active', () => {
    expect(runStates.filter(isActiveRunState)).toEqual(['queued', 'submitted', 'running']);
  });
});
