import { describe, expect, it } from 'vitest';
import { getCloseMatches, sequenceRatio } from './close-matches.ts';
import { defaultConfig, yoloModes, yoloTasks } from './default-config.ts';
import { specialCommands } from './yolo-args.ts';

// The keys Ultralytics compares an unknown argument against, in its own order.
const keys = [...defaultConfig.keys(), ...yoloTasks, ...yoloModes, ...specialCommands];

describe('getCloseMatches', () => {
  it('suggests what Python difflib suggests for mistyped YOLO arguments', () => {
    // Expected lists were produced by CPython 3.11 difflib.get_close_matches over the same keys.
    const expected: Record<string, string[]> = {
      kex: [],
      epoch: ['epochs'],
      lr: ['lrf', 'lr0'],
      imgs: ['imgsz'],
      batchsize: ['batch'],
      save_dir2: ['save_crop', 'save', 'save_period'],
      optimiser: ['optimizer', 'optimize', 'time'],
      mosiac: ['mosaic'],
      device_: ['device'],
      ep: ['help'],
      x: [],
      fliplr2: ['fliplr', 'flipud'],
      learning_rate: [],
      'epochs=': ['epochs', 'warmup_epochs'],
    };
    for (const [word, matches] of Object.entries(expected)) expect(getCloseMatches(word, keys), word).toEqual(matches);
  });

  it('scores a pair as SequenceMatcher.ratio does', () => {
    expect(sequenceRatio('abcabba', 'cbabac')).toBeCloseTo(0.46153846153846156, 15);
    expect(sequenceRatio('', '')).toBe(1);
  });
});
