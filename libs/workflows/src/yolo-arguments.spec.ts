import { describe, expect, it } from 'vitest';
import type { ParameterSpecs } from '@trainops/contracts';
import { buildYoloParameterArguments } from './yolo-arguments.ts';

const specs: ParameterSpecs = {
  epochs: { type: 'int', min: 1, max: 300 },
  lrf: { type: 'float', min: 0.001, max: 1 },
  lr0: { type: 'float', min: 0.0001, max: 0.1 },
  cos_lr: { type: 'bool' },
  optimizer: { type: 'enum', values: ['auto', 'AdamW'] },
};

describe('buildYoloParameterArguments', () => {
  it('writes values as Python literals of their spec type, one key=value element each', () => {
    expect(buildYoloParameterArguments({ epochs: 50, lrf: 1, lr0: 0.0001, cos_lr: false, optimizer: 'AdamW' }, specs)).toEqual([
      'epochs=50',
      'lrf=1.0',
      'lr0=0.0001',
      'cos_lr=False',
      'optimizer=AdamW',
    ]);
  });

  it('keeps exponent notation that Python reads as a float', () => {
    expect(buildYoloParameterArguments({ lr0: 1e-7 }, specs)).toEqual(['lr0=1e-7']);
  });
});
