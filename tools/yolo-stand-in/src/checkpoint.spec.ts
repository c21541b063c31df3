import { describe, expect, it } from 'vitest';
import { buildCheckpoint, buildExportArtifact, checkpointMagic, parseCheckpoint, parseExportArtifactFormat } from './checkpoint.ts';
import type { CheckpointMeta } from './checkpoint.ts';
import { pyFloat } from './python-value.ts';

const meta: CheckpointMeta = {
  task: 'segment',
  family: 'yolo26',
  modelName: 'yolo26n',
  names: { '0': 'open', '1': 'short' },
  imgsz: 640,
  epoch: 4,
  bestFitness: 0.5,
  trainArgs: { epochs: 5, lr0: pyFloat(0.01) },
  trainMetrics: { 'metrics/mAP50(B)': 0.6 },
  date: '2026-01-01T00:00:00.000Z',
  version: '8.4.0',
};

describe('checkpoints', () => {
  it('start with a recognisable header and give their metadata back, floats still floats', () => {
    const file = buildCheckpoint(meta);
    expect(file.subarray(0, checkpointMagic.length).toString()).toBe('YOLO-STAND-IN CHECKPOINT 1\n');
    expect(file.length).toBeGreaterThan(64 * 1024);
    expect(parseCheckpoint(file)).toEqual(meta);
  });

  it('are not confused with anything else', () => {
    expect(parseCheckpoint(Buffer.from('PK\u0003\u0004 a real torch zip'))).toBeUndefined();
    expect(parseCheckpoint(Buffer.from(`${checkpointMagic}{"format":"other"}\n`))).toBeUndefined();
    expect(parseCheckpoint(Buffer.from(`${checkpointMagic}not json\n`))).toBeUndefined();
  });

  it('export artefacts name their format', () => {
    expect(parseExportArtifactFormat(buildExportArtifact('onnx', 'best.onnx', { task: 'detect' }))).toBe('onnx');
    expect(parseExportArtifactFormat(Buffer.from('onnx protobuf'))).toBeUndefined();
  });
});
