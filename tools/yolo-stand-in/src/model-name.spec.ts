import { describe, expect, it } from 'vitest';
import { buildModelSummary, describeModelName } from './model-name.ts';

describe('describeModelName', () => {
  it('reads task, generation and scale from official names', () => {
    expect(describeModelName('yolo26n.pt')).toEqual({ task: 'detect', family: 'yolo26', architecture: 'yolo26n', scale: 'n', official: true });
    expect(describeModelName('yolo11s-seg.pt')).toMatchObject({ task: 'segment', family: 'yolo11', architecture: 'yolo11s-seg', official: true });
    expect(describeModelName('yolov8m-cls.yaml')).toMatchObject({ task: 'classify', family: 'yolov8', official: true });
    expect(describeModelName('yolo26x-obb.pt')).toMatchObject({ task: 'obb', scale: 'x' });
  });

  it('guesses other files from their name or folder, as guess_model_task does', () => {
    expect(describeModelName('runs/pose/train/weights/best.pt')).toMatchObject({ task: 'pose', official: false });
    expect(describeModelName('models/custom-seg.pt')).toMatchObject({ task: 'segment' });
    expect(describeModelName('weights/best.pt').task).toBeUndefined();
  });

  it('prints summary lines in Ultralytics’ shape', () => {
    const info = describeModelName('yolo11n.pt');
    expect(buildModelSummary(info, false)).toBe('YOLO11n summary: 181 layers, 2,620,000 parameters, 2,619,984 gradients, 6.6 GFLOPs');
    expect(buildModelSummary(info, true)).toMatch(/^YOLO11n summary \(fused\): 100 layers, [\d,]+ parameters, 0 gradients, [\d.]+ GFLOPs$/);
  });
});
