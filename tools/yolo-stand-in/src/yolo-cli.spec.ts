import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResultsCsv, ResultsParseError } from '@trainops/artifacts';
import { checkpointMagic, parseCheckpoint } from './checkpoint.ts';
import { yoloStandInExecutable } from './executable-path.ts';
import { buildResultsCsvHeader } from './results-csv.ts';
import { hasReferenceFiles, readReferenceCsv, referenceNote } from './testing/reference-files.ts';

// The CLI as Argo runs it: a child process through bin/yolo, in a scratch folder.

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const root = mkdtempSync(path.join(tmpdir(), 'yolo-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runYolo(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      yoloStandInExecutable,
      args,
      { cwd: options.cwd, env: { PATH: process.env['PATH'] ?? '', YOLO_STANDIN_SECONDS_PER_EPOCH: '0', ...options.env }, timeout: 15_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function makeProject(name: string): string {
  const folder = path.join(root, name);
  for (const file of ['images/train/a.jpg', 'images/train/b.jpg', 'images/train/c.jpg', 'images/val/d.jpg', 'images/val/e.jpg']) {
    mkdirSync(path.dirname(path.join(folder, 'pcb', file)), { recursive: true });
    writeFileSync(path.join(folder, 'pcb', file), '');
  }
  mkdirSync(path.join(folder, 'pcb/labels/val'), { recursive: true });
  writeFileSync(path.join(folder, 'pcb/labels/val/d.txt'), '0 0.5 0.5 0.1 0.1\n1 0.2 0.2 0.1 0.1\n1 0.7 0.7 0.1 0.1\n');
  // No `path:`: the dataset root is then the YAML's folder (a relative `path:` would mean
  // <datasets_dir>/path, as in Ultralytics).
  writeFileSync(path.join(folder, 'pcb.yaml'), 'train: pcb/images/train\nval: pcb/images/val\nnames:\n  0: open\n  1: short\n');
  return folder;
}

const csvLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describe('yolo train', () => {
  let cwd: string;
  let first: Result;
  const run = () => path.join(cwd, 'runs/detect/train');

  beforeAll(async () => {
    cwd = makeProject('train');
    first = await runYolo(['train', 'model=yolo26n.pt', 'data=pcb.yaml', 'epochs=3', 'seed=7'], { cwd, env: { ARGO_PROGRESS_FILE: path.join(cwd, 'argo/progress') } });
  });

  it('prints Ultralytics’ epoch header, progress lines and validation lines', () => {
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines).toContain('      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size');
    expect(lines.filter((line) => /^ {8}[123]\/3 {6}\d\.\d\dG( +[\d.]+){3} +\d+ +640: 100% ━{12} 1\/1 /.test(line))).toHaveLength(3);
    const validationHeader = '                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95): 100% ━━━━━━━━━━━━ 1/1 ';
    expect(lines.filter((line) => line.startsWith(validationHeader)).length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((line) => /^ {19}all {10}2 {10}3( +0\.\d+){4}$/.test(line)).length).toBeGreaterThanOrEqual(4);
    expect(first.stdout).toContain('3 epochs completed in 0.000 hours.');
    expect(first.stdout).toContain('💡 Learn more at https://docs.ultralytics.com/modes/train');
  });

  it('writes the run folder like Ultralytics, results.csv first of all', () => {
    expect(readdirSync(run()).sort()).toEqual(['args.yaml', 'results.csv', 'results.png', 'weights']);
    expect(readdirSync(path.join(run(), 'weights')).sort()).toEqual(['best.pt', 'last.pt']);
    const [header, ...rows] = csvLines(path.join(run(), 'results.csv'));
    expect(header).toBe(buildResultsCsvHeader('detect'));
    expect(rows.map((row) => row.split(',')[0])).toEqual(['1', '2', '3']);
    expect(rows.every((row) => row.split(',').length === 15)).toBe(true);
  });

  it.skipIf(!hasReferenceFiles)(`writes the very header of a real current detect run${referenceNote}`, () => {
    expect(csvLines(path.join(run(), 'results.csv'))[0]).toBe(readReferenceCsv('AbishekEchno77__yolo26-nutrition-detector__detect-yolo26n-time-column.csv').header);
  });

  it('records the full args.yaml with name and save_dir, a PNG chart and recognisable weights', () => {
    const args = readFileSync(path.join(run(), 'args.yaml'), 'utf8');
    expect(args.startsWith('task: detect\nmode: train\nmodel: yolo26n.pt\ndata: pcb.yaml\nepochs: 3\ntime: null\n')).toBe(true);
    expect(args).toContain('\nname: train\n');
    expect(args).toContain('\nseed: 7\n');
    expect(args.endsWith(`tracker: botsort.yaml\nsave_dir: ${run()}\n`)).toBe(true);
    expect([...readFileSync(path.join(run(), 'results.png')).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const best = readFileSync(path.join(run(), 'weights/best.pt'));
    expect(best.subarray(0, checkpointMagic.length).toString()).toBe(checkpointMagic);
    expect(parseCheckpoint(best)).toMatchObject({ task: 'detect', names: { '0': 'open', '1': 'short' }, epoch: -1 });
  });

  it('leaves N/M in ARGO_PROGRESS_FILE', () => {
    expect(readFileSync(path.join(cwd, 'argo/progress'), 'utf8')).toBe('3/3');
  });

  it('is deterministic for a seed', async () => {
    const again = await runYolo(['train', 'model=yolo26n.pt', 'data=pcb.yaml', 'epochs=3', 'seed=7'], { cwd });
    expect(again.code).toBe(0);
    const metricsOf = (folder: string) => csvLines(path.join(cwd, 'runs/detect', folder, 'results.csv')).map((row) => row.split(',').slice(2).join(','));
    expect(metricsOf('train2')).toEqual(metricsOf('train'));
  });

  it('numbers further runs and reuses the folder with exist_ok=True', async () => {
    expect(existsSync(path.join(cwd, 'runs/detect/train2'))).toBe(true);
    const reused = await runYolo(['train', 'data=pcb.yaml', 'epochs=1', 'exist_ok=True', 'name=train2'], { cwd });
    expect(reused.code).toBe(0);
    expect(readdirSync(path.join(cwd, 'runs/detect')).sort()).toEqual(['train', 'train2']);
    expect(csvLines(path.join(cwd, 'runs/detect/train2/results.csv'))).toHaveLength(2);
  });

  it('exports to ONNX, OpenVINO and TensorRT where Ultralytics puts them', async () => {
    const weights = 'runs/detect/train/weights/best.pt';
    const onnx = await runYolo(['export', `model=${weights}`, 'format=onnx'], { cwd });
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(onnx.stdout).toContain("PyTorch: starting from 'runs/detect/train/weights/best.pt' with input shape (1, 3, 640, 640) BCHW and output shape(s) (1, 300, 6)");
    expect(onnx.stdout).toMatch(/ONNX: export success ✅ \d+\.\ds, saved as 'runs\/detect\/train\/weights\/best\.onnx' \(\d+\.\d MB\)/);
    expect(onnx.stdout).toContain(`Results saved to ${path.join(cwd, 'runs/detect/train/weights')}\n`);
    expect(onnx.stdout).toContain('Predict:         yolo predict task=detect model=runs/detect/train/weights/best.onnx imgsz=640');
    const openvino = await runYolo(['export', `model=${weights}`, 'format=openvino'], { cwd });
    expect(openvino.code).toBe(0);
    const engine = await runYolo(['export', `model=${weights}`, 'format=engine'], { cwd });
    expect(engine.code).toBe(0);
    expect(engine.stdout).toContain('WARNING ⚠️ TensorRT requires GPU export, automatically assigning device=0');
    expect(readdirSync(path.join(cwd, 'runs/detect/train/weights')).sort()).toEqual(['best.engine', 'best.onnx', 'best.pt', 'best_openvino_model', 'last.pt']);
    expect(readdirSync(path.join(cwd, 'runs/detect/train/weights/best_openvino_model')).sort()).toEqual(['best.bin', 'best.xml', 'metadata.yaml']);
  });

  it('validates the trained weights with the metrics the run reported', async () => {
    const val = await runYolo(['val', 'model=runs/detect/train/weights/best.pt', 'data=pcb.yaml'], { cwd });
    expect(val.code, val.stderr).toBe(0);
    const last = (csvLines(path.join(run(), 'results.csv')).at(-1) ?? '').split(',');
    const shown = (value: string) => Number(value).toPrecision(3).replace(/\.?0+$/, '');
    expect(val.stdout).toContain(`all          2          3`);
    expect(val.stdout).toContain(shown(last[8] ?? ''));
    expect(val.stdout).toMatch(/\n {18}open {10}\d+ {10}\d+/);
    expect(val.stdout).toContain(`Results saved to ${path.join(cwd, 'runs/detect/val')}`);
  });
});

describe.skipIf(!hasReferenceFiles)(`yolo segment train with MuSGD${referenceNote}`, () => {
  it('writes the header of a real current segment run (sem_loss, 8 lr groups)', async () => {
    const cwd = makeProject('segment');
    const result = await runYolo(['segment', 'train', 'data=pcb.yaml', 'epochs=2', 'optimizer=MuSGD'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(csvLines(path.join(cwd, 'runs/segment/train/results.csv'))[0]).toBe(
      readReferenceCsv('DDSSMahith__Pothole-Segmentation-using-YOLOv8__segment-yolo26-sem-loss-8-lr-groups.csv').header,
    );
  });
});

describe('invalid arguments', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = makeProject('invalid');
  });

  const refusals: [string[], string][] = [
    [['train', 'kex=1', 'data=pcb.yaml'], "SyntaxError: 'kex' is not a valid YOLO argument. "],
    [['train', 'epoch=3', 'data=pcb.yaml'], "SyntaxError: 'epoch' is not a valid YOLO argument. Similar arguments are i.e. ['epochs=100']."],
    [['train', 'epochs=abc', 'data=pcb.yaml'], "TypeError: 'epochs=abc' is of invalid type str. 'epochs' must be an int (i.e. 'epochs=8')"],
    [['train', 'fliplr=1.5', 'data=pcb.yaml'], "ValueError: 'fliplr=1.5' is an invalid value. Valid 'fliplr' values are between 0.0 and 1.0."],
    [['train', 'epochs', 'data=pcb.yaml'], "SyntaxError: 'epochs' is a valid YOLO argument but is missing an '=' sign to set its value, i.e. try 'epochs=100'"],
    [['train', 'data=missing.yaml'], "RuntimeError: Dataset 'missing.yaml' error ❌ 'missing.yaml' does not exist"],
    [['train', 'model=weights/nope.pt', 'data=pcb.yaml'], "FileNotFoundError: [Errno 2] No such file or directory: 'weights/nope.pt'"],
  ];

  for (const [args, line] of refusals) {
    it(`refuses \`yolo ${args.join(' ')}\` with Ultralytics’ message, exit 1 and nothing written`, async () => {
      const result = await runYolo(args, { cwd });
      expect(result.code).toBe(1);
      expect(result.stderr.startsWith('Traceback (most recent call last):\n')).toBe(true);
      expect(result.stderr.split('\n')).toContain(line);
      expect(existsSync(path.join(cwd, 'runs'))).toBe(false);
    });
  }

  it('refuses a bad knob before doing anything, naming it', async () => {
    const result = await runYolo(['train', 'data=pcb.yaml'], { cwd, env: { YOLO_STANDIN_CUDA_OOM_AT_EPOCH: 'soon' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("yolo-stand-in: YOLO_STANDIN_CUDA_OOM_AT_EPOCH must be a whole number of 1 or more (an epoch, counted from 1), got 'soon'\n");
    expect(existsSync(path.join(cwd, 'runs'))).toBe(false);
  });
});

describe('failure knobs', () => {
  it('YOLO_STANDIN_FAIL_AT_EPOCH stops the run at that epoch with a traceback, keeping earlier rows', async () => {
    const cwd = makeProject('fail');
    const result = await runYolo(['train', 'data=pcb.yaml', 'epochs=4'], { cwd, env: { YOLO_STANDIN_FAIL_AT_EPOCH: '3' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('RuntimeError: DataLoader worker (pid(s) 4242) exited unexpectedly');
    expect(csvLines(path.join(cwd, 'runs/detect/train/results.csv'))).toHaveLength(3);

    // A resumed run continues from last.pt: same folder, the missing epochs appended.
    const resumed = await runYolo(['train', 'resume', 'model=runs/detect/train/weights/last.pt'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Resuming training runs/detect/train/weights/last.pt from epoch 3 to 4 total epochs');
    expect(csvLines(path.join(cwd, 'runs/detect/train/results.csv')).map((row) => row.split(',')[0])).toEqual(['epoch', '1', '2', '3', '4']);
    const finished = await runYolo(['train', 'resume', 'model=runs/detect/train/weights/last.pt'], { cwd });
    expect(finished.stderr).toContain('AssertionError: runs/detect/train/weights/last.pt training to 4 epochs is finished, nothing to resume.');
  });

  it('YOLO_STANDIN_CUDA_OOM_AT_EPOCH dies with PyTorch’s out-of-memory error', async () => {
    const cwd = makeProject('oom');
    const result = await runYolo(['train', 'data=pcb.yaml', 'epochs=3'], { cwd, env: { YOLO_STANDIN_CUDA_OOM_AT_EPOCH: '2' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate \d+\.\d\d GiB\. GPU 0 has a total capacity of 23\.99 GiB of which \d+\.\d\d GiB is free\. .*PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True/,
    );
  });

  it('YOLO_STANDIN_NAN_AT_EPOCH=1 writes nan losses, then fails after three recoveries like Ultralytics', async () => {
    const cwd = makeProject('nan');
    const result = await runYolo(['train', 'data=pcb.yaml', 'epochs=3'], { cwd });
    expect(result.code).toBe(0);
    const broken = await runYolo(['train', 'data=pcb.yaml', 'epochs=3', 'name=nan'], { cwd, env: { YOLO_STANDIN_NAN_AT_EPOCH: '1' } });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/ {8}1\/3 +\d\.\d\dG {8}nan {8}nan {8}nan/);
    expect(broken.stdout).toContain('WARNING ⚠️ Loss NaN/Inf detected but can not recover from last.pt...');
    expect(broken.stdout).toContain('WARNING ⚠️ Loss NaN/Inf detected (attempt 3/3), recovering from last.pt...');
    expect(broken.stderr.trimEnd().split('\n').at(-1)).toBe('RuntimeError: Training failed: NaN persisted for 4 epochs');
    const rows = csvLines(path.join(cwd, 'runs/detect/nan/results.csv'));
    expect(rows).toHaveLength(2);
    expect(rows[1]?.split(',').slice(2, 5)).toEqual(['nan', 'nan', 'nan']);
  });
});

describe('results.csv knob', () => {
  it('YOLO_STANDIN_RESULTS_CSV=missing finishes the run with weights and args.yaml but no results.csv', async () => {
    const cwd = makeProject('results-missing');
    const result = await runYolo(['train', 'data=pcb.yaml', 'epochs=2'], { cwd, env: { YOLO_STANDIN_RESULTS_CSV: 'missing' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 epochs completed in');
    const folder = path.join(cwd, 'runs/detect/train');
    // No results.png either: there was nothing to draw it from.
    expect(readdirSync(folder).sort()).toEqual(['args.yaml', 'weights']);
    expect(readdirSync(path.join(folder, 'weights')).sort()).toEqual(['best.pt', 'last.pt']);
  });

  it('YOLO_STANDIN_RESULTS_CSV=malformed finishes the run with a results.csv the product’s parser refuses', async () => {
    const cwd = makeProject('results-malformed');
    const result = await runYolo(['train', 'data=pcb.yaml', 'epochs=3'], { cwd, env: { YOLO_STANDIN_RESULTS_CSV: 'malformed' } });
    expect(result.code, result.stderr).toBe(0);
    const folder = path.join(cwd, 'runs/detect/train');
    expect(readdirSync(folder).sort()).toEqual(['args.yaml', 'results.csv', 'results.png', 'weights']);
    const text = readFileSync(path.join(folder, 'results.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(buildResultsCsvHeader('detect'));
    expect(() => parseResultsCsv(text)).toThrow(ResultsParseError);
    expect(() => parseResultsCsv(text)).toThrow('results.csv line 4: expected 15 values (one per column) but found 7');
  });
});

describe('YOLO_STANDIN_KNOBS_FILE', () => {
  it('overrides the environment at every start, and an absent file changes nothing', async () => {
    const cwd = makeProject('knobs');
    const knobs = path.join(cwd, 'knobs.json');
    const env = { YOLO_STANDIN_KNOBS_FILE: knobs, YOLO_STANDIN_FAIL_AT_EPOCH: '3' };
    const fromEnv = await runYolo(['train', 'data=pcb.yaml', 'epochs=3', 'name=env'], { cwd, env });
    expect(fromEnv.code).toBe(1);
    expect(csvLines(path.join(cwd, 'runs/detect/env/results.csv'))).toHaveLength(3);

    writeFileSync(knobs, JSON.stringify({ YOLO_STANDIN_FAIL_AT_EPOCH: '1' }));
    const fromFile = await runYolo(['train', 'data=pcb.yaml', 'epochs=3', 'name=file'], { cwd, env });
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr.trimEnd().split('\n').at(-1)).toBe('RuntimeError: DataLoader worker (pid(s) 4242) exited unexpectedly');
    expect(existsSync(path.join(cwd, 'runs/detect/file/results.csv'))).toBe(false);

    writeFileSync(knobs, JSON.stringify({ YOLO_STANDIN_FAIL_AT_EPOCH: '' }));
    const unset = await runYolo(['train', 'data=pcb.yaml', 'epochs=3', 'name=unset'], { cwd, env });
    expect(unset.code, unset.stderr).toBe(0);
  });

  it('refuses an invalid file before doing anything: a clear line on stderr, exit 2', async () => {
    const cwd = makeProject('knobs-invalid');
    const knobs = path.join(cwd, 'knobs.json');
    writeFileSync(knobs, '{"YOLO_STANDIN_FAIL_AT_EPOCH": ');
    const result = await runYolo(['train', 'data=pcb.yaml', 'epochs=1'], { cwd, env: { YOLO_STANDIN_KNOBS_FILE: knobs } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(`yolo-stand-in: YOLO_STANDIN_KNOBS_FILE ${knobs} is not valid JSON (`)).toBe(true);
    expect(result.stderr.endsWith('); write an object such as {"YOLO_STANDIN_FAIL_AT_EPOCH": "2"}\n')).toBe(true);
    expect(existsSync(path.join(cwd, 'runs'))).toBe(false);
  });
});

describe('special commands and the real yolo', () => {
  it('answers version and help', async () => {
    const version = await runYolo(['version'], { cwd: root });
    expect(version).toEqual({ code: 0, stdout: '8.4.0\n', stderr: '' });
    const help = await runYolo(['help'], { cwd: root });
    expect(help.stdout).toContain("Arguments received: ['yolo', 'help']. Ultralytics 'yolo' commands use the following syntax:");
  });

  it('YOLO_STANDIN_REAL=1 runs the real yolo from PATH, or says there is none', async () => {
    const folder = path.join(root, 'real-bin');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'yolo'), '#!/bin/sh\necho "real ultralytics: $*"\nexit 4\n');
    chmodSync(path.join(folder, 'yolo'), 0o755);
    const real = await runYolo(['train', 'epochs=1'], { cwd: root, env: { YOLO_STANDIN_REAL: '1', PATH: `${path.dirname(yoloStandInExecutable)}${path.delimiter}${folder}${path.delimiter}${process.env['PATH'] ?? ''}` } });
    expect(real).toEqual({ code: 4, stdout: 'real ultralytics: train epochs=1\n', stderr: '' });
    const none = await runYolo(['train'], { cwd: root, env: { YOLO_STANDIN_REAL: '1', PATH: path.dirname(yoloStandInExecutable) } });
    expect(none.code).toBe(127);
    expect(none.stderr).toBe("yolo-stand-in: YOLO_STANDIN_REAL=1 but no real 'yolo' (other than this stand-in) was found on PATH\n");
  });
});
