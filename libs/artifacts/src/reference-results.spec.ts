import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBestEpoch } from './fitness.ts';
import { parseArgsYaml } from './parse-args-yaml.ts';
import { parseResultsCsv } from './parse-results-csv.ts';
import { summarizeRun } from './summarize-run.ts';
import { ultralyticsReferenceDir } from './testing/reference-files.ts';

// Every real results.csv in the shared reference folder, checked against the expectations its
// README records (best.pt epoch, max fitness, final mAP50-95 or top-1). New files are picked up
// as they are added; a file without a README row fails, so none goes unchecked.

interface Expectation {
  prefix: string;
  bestEpoch: number;
  fitness: number;
  finalMetric: number;
}

function readExpectations(readme: string): Expectation[] {
  return readme
    .split('\n')
    .map((line) => /^\|\s*([A-Za-z0-9_-]+)\s*\|\s*(\d+)\b[^|]*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*$/.exec(line))
    .flatMap((match) => (match ? [{ prefix: match[1] ?? '', bestEpoch: Number(match[2]), fitness: Number(match[3]), finalMetric: Number(match[4]) }] : []));
}

const referenceDir = ultralyticsReferenceDir();
const resultsDir = referenceDir === undefined ? undefined : path.join(referenceDir, 'results');
const available = resultsDir !== undefined && existsSync(path.join(resultsDir, 'README.md'));

describe.skipIf(!available)('the real Ultralytics results.csv files in shared/reference', () => {
  const dir = resultsDir ?? '';
  const files = available ? readdirSync(dir).filter((name) => name.endsWith('.csv')).sort() : [];
  const expectations = available ? readExpectations(readFileSync(path.join(dir, 'README.md'), 'utf8')) : [];

  it('has an expectation in the README for every file, and at least the six known ones', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(files.map((file) => expectations.some((entry) => file.startsWith(`${entry.prefix}__`)))).toEqual(files.map(() => true));
  });

  it.each(files)('%s: task, best epoch, fitness and final metric match the README', (file) => {
    const expected = expectations.find((entry) => file.startsWith(`${entry.prefix}__`));
    if (expected === undefined) throw new Error(`no README row for ${file}`);
    const table = parseResultsCsv(readFileSync(path.join(dir, file), 'utf8'));
    // File names carry the task after the repository: `…__segment-yolo11-….csv`.
    expect(file).toContain(`__${table.task}-`);
    const best = findBestEpoch(table);
    expect(best?.epoch).toBe(expected.bestEpoch);
    expect(best?.fitness).toBeCloseTo(expected.fitness, 5);
    const last = table.rows[table.rows.length - 1];
    expect(table.task === 'classify' ? last?.metrics.top1 : last?.metrics['mAP50-95']).toBe(expected.finalMetric);
  });

  it('sums the resumed segments of the BrianShiroe run into its training time', () => {
    const file = files.find((name) => name.startsWith('BrianShiroe__'));
    if (file === undefined) throw new Error('BrianShiroe file missing');
    const summary = summarizeRun(parseResultsCsv(readFileSync(path.join(dir, file), 'utf8')));
    // time restarts at epochs 20, 55, 84 and 86; each segment's last value adds up.
    expect(summary.resumeCount).toBe(4);
    expect(summary.trainingSeconds).toBeCloseTo(13702.7 + 25348.7 + 18674.9 + 1290.54 + 10234.8, 6);
    expect(summary.epochsRun).toBe(100);
    expect(summary.best?.epoch).toBe(91);
  });

  it('counts the 0-based file as 25 epochs with best.pt at the 25th', () => {
    const file = files.find((name) => name.startsWith('Abonia1__'));
    if (file === undefined) throw new Error('Abonia1 file missing');
    const summary = summarizeRun(parseResultsCsv(readFileSync(path.join(dir, file), 'utf8')));
    expect([summary.epochsRun, summary.final.epoch, summary.best?.epoch, summary.trainingSeconds]).toEqual([25, 25, 25, null]);
  });

  it('reads the reference args.yaml and pairs it with its results.csv', () => {
    const argsText = readFileSync(path.join(referenceDir ?? '', 'AbishekEchno77__yolo26-nutrition-detector__args.yaml'), 'utf8');
    const args = parseArgsYaml(argsText);
    expect({ ...args, raw: undefined }).toMatchObject({
      task: 'detect',
      mode: 'train',
      model: 'yolo26n.pt',
      data: '/content/yolo26-nutrition-detector/dataset/data.yaml',
      epochs: 50,
      time: null,
      batch: 16,
      imgsz: [640],
      device: '0',
      optimizer: 'auto',
      save_dir: '/content/runs/detect/train',
    });
    expect(args.raw.tracker).toBe('botsort.yaml');
    const file = files.find((name) => name.startsWith('AbishekEchno77__'));
    const summary = summarizeRun(parseResultsCsv(readFileSync(path.join(dir, file ?? ''), 'utf8')), args);
    expect(summary).toMatchObject({ epochsPlanned: 50, epochsRun: 50, model: 'yolo26n.pt', trainingSeconds: 1482.73, resumeCount: 0 });
  });
});

if (!available) {
  describe('the real Ultralytics results.csv files', () => {
    it.skip(`are not present at ${resultsDir ?? '<repo>/../shared/reference/ultralytics/results'}: reference checks skipped`, () => {});
  });
}
