import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBestEpoch, parseArgsYaml, parseResultsCsv } from '@trainops/artifacts';
import { yoloStandInExecutable } from './executable-path.ts';

// What the local pipeline produces must read exactly like a real run: the stand-in's run folder
// goes through the product's parser (libs/artifacts), which is checked against the real files in
// shared/reference/ultralytics.

const run = promisify(execFile);

describe.each([
  { task: 'detect', model: 'yolo26n.pt', metric: 'mAP50-95' },
  { task: 'segment', model: 'yolo26n-seg.pt', metric: 'mAP50-95(M)' },
  { task: 'pose', model: 'yolo26n-pose.pt', metric: 'mAP50-95(P)' },
])('a $task run folder written by the yolo stand-in', ({ task, model, metric }) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'trainops-yolo-'));
    await writeFile(path.join(dir, 'data.yaml'), 'train: images/train\nval: images/val\nnames:\n  0: open\n  1: short\n');
    await run(yoloStandInExecutable, [task, 'train', `data=${path.join(dir, 'data.yaml')}`, `model=${model}`, 'epochs=6', 'imgsz=320', `project=${dir}/runs`, 'name=train', 'seed=7'], {
      env: { ...process.env, YOLO_STANDIN_SECONDS_PER_EPOCH: '0' },
    });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses as that task with one row per epoch and a best epoch by fitness', async () => {
    const table = parseResultsCsv(await readFile(path.join(dir, 'runs/train/results.csv'), 'utf8'));
    expect(table.task).toBe(task);
    expect(table.rows).toHaveLength(6);
    const best = findBestEpoch(table);
    expect(best).not.toBeNull();
    expect(best!.fitness).toBeGreaterThan(0);
    expect(table.metricNames).toContain(metric);
    expect(best?.row.metrics[metric as keyof NonNullable<typeof best>['row']['metrics']]).toEqual(expect.any(Number));
    const args = parseArgsYaml(await readFile(path.join(dir, 'runs/train/args.yaml'), 'utf8'));
    expect(args).toMatchObject({ task, model, epochs: 6, imgsz: [320] });
  });
});
