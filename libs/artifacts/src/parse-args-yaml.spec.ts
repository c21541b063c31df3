import { describe, expect, it } from 'vitest';
import { InputError } from '@trainops/contracts';
import { ArgsYamlParseError } from './artifact-errors.ts';
import { parseArgsYaml } from './parse-args-yaml.ts';

function rejection(text: string): ArgsYamlParseError {
  try {
    parseArgsYaml(text);
  } catch (error) {
    if (error instanceof ArgsYamlParseError) return error;
    throw new Error(`expected an ArgsYamlParseError, got ${String(error)}`);
  }
  throw new Error('expected parseArgsYaml to throw');
}

describe('parseArgsYaml', () => {
  it('types the keys the product uses and keeps every key in raw', () => {
    const args = parseArgsYaml('task: segment\nmode: train\nmodel: yolo11n-seg.pt\nepochs: 5\nimgsz: [640, 480]\nbatch: 0.7\ndevice: 0\nresume: false\nfuture_key: 3\n');
    expect(args).toEqual({
      task: 'segment',
      mode: 'train',
      model: 'yolo11n-seg.pt',
      epochs: 5,
      imgsz: [640, 480],
      batch: 0.7,
      device: '0',
      resume: false,
      raw: { task: 'segment', mode: 'train', model: 'yolo11n-seg.pt', epochs: 5, imgsz: [640, 480], batch: 0.7, device: 0, resume: false, future_key: 3 },
    });
  });

  it('spells a device list the way the command line does, and keeps null', () => {
    expect(parseArgsYaml('device: [0, 1]').device).toBe('0,1');
    expect(parseArgsYaml('device: cpu').device).toBe('cpu');
    expect(parseArgsYaml('device: null').device).toBeNull();
  });

  it.each([
    ['epochs: lots\n', 'args.yaml: epochs: expected a whole number, got "lots"'],
    ['epochs: 2.5\n', 'args.yaml: epochs: expected a whole number, got 2.5'],
    ['task: track\n', 'args.yaml: task: expected one of detect, segment, pose, classify, obb, got "track"'],
    ['imgsz: big\nbatch: many\n', 'args.yaml: batch: expected a number, got "many"; imgsz: expected a whole number or a list of one or two, got "big"'],
    ['', 'args.yaml: the file is empty'],
    ['- a\n- b\n', 'args.yaml: expected a mapping of keys to values, got a list'],
    ['just text', 'args.yaml: expected a mapping of keys to values, got "just text"'],
    ['epochs: 5\nepochs: 6\n', 'args.yaml: line 2, column 1: Map keys must be unique'],
    ['task: [detect\n', 'args.yaml: line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('refuses %j with a message naming the problem', (text, message) => {
    const error = rejection(text);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(message);
  });
});
