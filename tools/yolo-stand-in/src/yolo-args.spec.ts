import { describe, expect, it } from 'vitest';
import { buildCliHelpMessage } from './default-config.ts';
import { pyFloat, pyTuple } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { catchYoloError } from './testing/catch-yolo-error.ts';
import { mergeEqualsArgs, parseYoloArgs } from './yolo-args.ts';
import type { ParsedRunCommand } from './yolo-args.ts';

function parseRun(argv: string[], options = {}): ParsedRunCommand {
  const parsed = parseYoloArgs(argv, options);
  if (parsed.kind !== 'run') throw new Error(`expected a run command, got ${parsed.kind}`);
  return parsed;
}

describe('parseYoloArgs', () => {
  it('reads task, mode and typed key=value pairs', () => {
    const parsed = parseRun(['segment', 'train', 'model=yolo26n-seg.pt', 'epochs=50', 'lr0=0.01', 'imgsz=640,480', 'cos_lr']);
    expect(parsed.mode).toBe('train');
    expect(parsed.task).toBe('segment');
    expect([...parsed.overrides]).toEqual<[string, PyValue][]>([
      ['model', 'yolo26n-seg.pt'],
      ['epochs', 50],
      ['lr0', pyFloat(0.01)],
      ['imgsz', pyTuple([640, 480])],
      ['cos_lr', true],
    ]);
  });

  it('takes the mode alone, as `yolo train …` without a task', () => {
    const parsed = parseRun(['train', 'data=pcb.yaml']);
    expect(parsed.task).toBeUndefined();
    expect(parsed.mode).toBe('train');
  });

  it('defaults a missing mode to train with Ultralytics’ warning', () => {
    const parsed = parseRun(['epochs=3']);
    expect(parsed.mode).toBe('train');
    expect(parsed.messages).toEqual([
      { level: 'warning', text: "'mode' argument is missing. Valid modes are ['train', 'val', 'predict', 'export', 'track', 'benchmark']. Using default 'mode=train'." },
    ]);
  });

  it('strips leading dashes and trailing commas, saying so', () => {
    const parsed = parseRun(['train', '--epochs=3', 'batch=8,']);
    expect(parsed.overrides.get('epochs')).toBe(3);
    expect(parsed.overrides.get('batch')).toBe(8);
    expect(parsed.messages.map((message) => message.text)).toEqual([
      "argument '--epochs=3' does not require leading dashes '--', updating to 'epochs=3'.",
      "argument 'batch=8,' does not require trailing comma ',', updating to 'batch=8'.",
    ]);
  });

  it('renames deprecated keys and drops removed ones with a warning', () => {
    const parsed = parseRun(['predict', 'hide_labels=True', 'label_smoothing=0.1']);
    expect(parsed.overrides.get('show_labels')).toBe(false);
    expect(parsed.overrides.has('label_smoothing')).toBe(false);
    expect(parsed.messages.map((message) => message.text)).toEqual([
      "'hide_labels' is deprecated and will be removed in in the future. Use 'show_labels' instead.",
      "'label_smoothing' is deprecated and will be removed in in the future.",
    ]);
  });

  it('recognises special commands and their short spellings', () => {
    expect(parseYoloArgs([])).toMatchObject({ kind: 'special', command: 'help' });
    expect(parseYoloArgs(['version'])).toMatchObject({ kind: 'special', command: 'version' });
    expect(parseYoloArgs(['-h'])).toMatchObject({ kind: 'special', command: 'help' });
    expect(parseYoloArgs(['check'])).toMatchObject({ kind: 'special', command: 'checks' });
    expect(parseYoloArgs(['settings', 'reset'])).toMatchObject({ kind: 'special', command: 'settings', args: ['reset'] });
  });

  it('reads a cfg= file in place of the arguments before it', () => {
    const parsed = parseRun(['train', 'epochs=3', 'cfg=custom.yaml', 'batch=4'], {
      loadCfgFile: () => new Map<string, PyValue>([['epochs', 7], ['cfg', 'x']]),
    });
    expect([...parsed.overrides]).toEqual([['epochs', 7], ['batch', 4]]);
    expect(parsed.mode).toBe('train');
  });
});

describe('parseYoloArgs refusals', () => {
  it('refuses an unknown key with Ultralytics’ message, close matches and the CLI help', () => {
    const argv = ['train', 'epoch=3'];
    const error = catchYoloError(() => parseYoloArgs(argv));
    expect(error.pythonType).toBe('SyntaxError');
    expect(error.message).toBe(`'epoch' is not a valid YOLO argument. Similar arguments are i.e. ['epochs=100'].\n${buildCliHelpMessage(argv)}`);
    expect(error.message).toContain("Arguments received: ['yolo', 'train', 'epoch=3']. Ultralytics 'yolo' commands use the following syntax:");
  });

  it('names an unknown key with no close match and nothing after it', () => {
    const error = catchYoloError(() => parseYoloArgs(['train', 'kex=1']));
    expect(error.message.split('\n')[0]).toBe("'kex' is not a valid YOLO argument. ");
  });

  it('lists every unknown key, one line each', () => {
    const error = catchYoloError(() => parseYoloArgs(['train', 'optimiser=SGD', 'mosiac=0.5']));
    expect(error.message.split('\n').slice(0, 2)).toEqual([
      "'optimiser' is not a valid YOLO argument. Similar arguments are i.e. ['optimizer=auto', 'optimize=False', 'time'].",
      "'mosiac' is not a valid YOLO argument. Similar arguments are i.e. ['mosaic=1.0'].",
    ]);
  });

  it('refuses an unknown bare word the same way', () => {
    const error = catchYoloError(() => parseYoloArgs(['trian']));
    expect(error.message.split('\n')[0]).toBe("'trian' is not a valid YOLO argument. Similar arguments are i.e. ['train', 'track'].");
  });

  it('refuses a valid key without its = sign', () => {
    const argv = ['train', 'epochs'];
    const error = catchYoloError(() => parseYoloArgs(argv));
    expect(error.pythonType).toBe('SyntaxError');
    expect(error.message).toBe(`'epochs' is a valid YOLO argument but is missing an '=' sign to set its value, i.e. try 'epochs=100'\n${buildCliHelpMessage(argv)}`);
  });

  it('refuses an empty value, chaining the assertion as Ultralytics does', () => {
    const error = catchYoloError(() => parseYoloArgs(['train', 'epochs=']));
    expect(error.message.split('\n')[0]).toBe("'epochs=' is not a valid YOLO argument. Similar arguments are i.e. ['epochs=100', 'warmup_epochs=3.0'].");
    expect(error.cause).toMatchObject({ pythonType: 'AssertionError', message: "missing 'epochs' value" });
  });

  it('refuses an unknown mode or task', () => {
    const mode = catchYoloError(() => parseYoloArgs(['mode=fit']));
    expect(mode.pythonType).toBe('ValueError');
    expect(mode.message.split('\n')[0]).toBe("Invalid 'mode=fit'. Valid modes are ['train', 'val', 'predict', 'export', 'track', 'benchmark'].");
    const task = catchYoloError(() => parseYoloArgs(['train', 'task=depth']));
    expect(task.message.split('\n')[0]).toBe("Invalid 'task=depth'. Valid tasks are ['detect', 'segment', 'classify', 'pose', 'obb'].");
  });
});

describe('mergeEqualsArgs', () => {
  it('joins split `key = value` pieces and bracketed lists', () => {
    expect(mergeEqualsArgs(['arg1', '=', 'value', 'arg2=', 'value2', 'arg3', '=value3', 'imgsz=[3,', '640,', '640]'])).toEqual([
      'arg1=value',
      'arg2=value2',
      'arg3=value3',
      'imgsz=[3,640,640]',
    ]);
  });
});
