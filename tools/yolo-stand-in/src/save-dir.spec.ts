import { describe, expect, it } from 'vitest';
import type { PyValue } from './python-value.ts';
import { incrementPath, resolveSaveDir } from './save-dir.ts';

const cfg = (entries: [string, PyValue][]) => new Map<string, PyValue>([['task', 'detect'], ['mode', 'train'], ['name', null], ['project', null], ['exist_ok', false], ...entries]);

describe('resolveSaveDir', () => {
  const taken = new Set(['/w/runs/detect/train', '/w/runs/detect/train2', 'proj/exp']);
  const exists = (candidate: string) => taken.has(candidate);

  it('numbers runs like Ultralytics: train, train2, train3', () => {
    expect(resolveSaveDir(cfg([]), { runsDir: '/w/runs', exists })).toBe('/w/runs/detect/train3');
    expect(resolveSaveDir(cfg([['task', 'segment']]), { runsDir: '/w/runs', exists })).toBe('/w/runs/segment/train');
  });

  it('reuses the folder with exist_ok, and uses project/name as given', () => {
    expect(resolveSaveDir(cfg([['exist_ok', true]]), { runsDir: '/w/runs', exists })).toBe('/w/runs/detect/train');
    expect(resolveSaveDir(cfg([['project', 'proj'], ['name', 'exp']]), { runsDir: '/w/runs', exists })).toBe('proj/exp2');
    expect(resolveSaveDir(cfg([['save_dir', '/out/run-42']]), { runsDir: '/w/runs', exists })).toBe('/out/run-42');
  });

  it('names the folder after the mode when no name is given', () => {
    expect(resolveSaveDir(cfg([['mode', 'val']]), { runsDir: '/w/runs', exists })).toBe('/w/runs/detect/val');
    expect(incrementPath('x', false, () => false)).toBe('x');
  });
});
