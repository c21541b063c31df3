import { describe, expect, it } from 'vitest';
import { buildArgsYaml, finalizeTrainArgs, resolveRecordedDevice } from './args-yaml.ts';
import { buildCfg } from './check-cfg.ts';
import { defaultConfig } from './default-config.ts';
import type { PyValue } from './python-value.ts';
import { hasReferenceFiles, readReference, referenceNote } from './testing/reference-files.ts';

describe('buildArgsYaml', () => {
  it.skipIf(!hasReferenceFiles)(`writes a real run's args.yaml byte for byte from the same overrides${referenceNote}`, () => {
    const overrides = new Map<string, PyValue>([
      ['task', 'detect'],
      ['mode', 'train'],
      ['model', 'yolo26n.pt'],
      ['data', '/content/yolo26-nutrition-detector/dataset/data.yaml'],
      ['epochs', 50],
      ['device', 0],
    ]);
    const { cfg } = buildCfg(defaultConfig, overrides);
    const args = finalizeTrainArgs(cfg, { saveDir: '/content/runs/detect/train', device: resolveRecordedDevice(cfg.get('device'), undefined) });
    expect(buildArgsYaml(args)).toBe(readReference('AbishekEchno77__yolo26-nutrition-detector__args.yaml'));
  });

  it('records the device the way the trainer does', () => {
    expect(resolveRecordedDevice(null, undefined)).toBeNull();
    expect(resolveRecordedDevice(null, '1')).toBe('1');
    expect(resolveRecordedDevice('cpu', '0')).toBe('cpu');
    expect(resolveRecordedDevice('0,1', undefined)).toBe('0,1');
    expect(resolveRecordedDevice([0, 1], undefined)).toBe('0,1');
  });

  it('names the run after its folder and puts save_dir last', () => {
    const { cfg } = buildCfg(defaultConfig, new Map());
    const args = finalizeTrainArgs(cfg, { saveDir: 'runs/detect/train3', device: null });
    expect(args.get('name')).toBe('train3');
    expect([...args.keys()].at(-1)).toBe('save_dir');
  });
});
