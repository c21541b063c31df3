import { describe, expect, it } from 'vitest';
import {
  buildEpochHeader,
  buildEpochProgress,
  buildProgressBar,
  buildValidationHeader,
  buildValidationRow,
  formatDuration,
  formatRate,
} from './console-format.ts';

describe('console lines', () => {
  it('match Ultralytics’ epoch header and progress line', () => {
    expect(buildEpochHeader(['box_loss', 'cls_loss', 'dfl_loss'])).toBe('      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size');
    expect(buildEpochProgress({ epoch: 1, epochs: 50, memoryGb: 2.3141, losses: [1.2341, 2.3452, 1.4563], instances: 42, imgsz: 640 })).toBe(
      '       1/50      2.31G      1.234      2.345      1.456         42        640',
    );
  });

  it('match the validator’s header and result lines', () => {
    expect(buildValidationHeader('detect')).toBe('                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95)');
    expect(buildValidationHeader('segment').endsWith('mAP50-95)     Mask(P          R      mAP50  mAP50-95)')).toBe(true);
    expect(buildValidationHeader('classify')).toBe('               classes   top1_acc   top5_acc');
    expect(buildValidationRow('detect', 'all', 100, 500, [0.6123, 0.5432, 0.5891, 0.3214])).toBe('                   all        100        500      0.612      0.543      0.589      0.321');
    expect(buildValidationRow('classify', 'all', 0, 0, [0.9834, 1])).toBe('                   all      0.983          1');
  });

  it('draw the finished progress bar as Ultralytics’ TQDM does', () => {
    expect(buildProgressBar('desc', 27, 2.75)).toBe('desc: 100% ━━━━━━━━━━━━ 27/27 9.8it/s 2.8s');
    expect([formatDuration(75), formatDuration(3725), formatRate(2500), formatRate(0)]).toEqual(['1:15', '1:02:05', '2.5Kit/s', '']);
  });
});
