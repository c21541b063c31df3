import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from './dataset.ts';
import { catchYoloError } from './testing/catch-yolo-error.ts';

const root = mkdtempSync(path.join(tmpdir(), 'yolo-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const options = { cwd: root, datasetsDir: path.join(root, 'datasets') };

function write(relative: string, content = ''): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

describe('loadDataset', () => {
  it('counts images and label lines of a real layout', () => {
    write('pcb/images/train/a.jpg');
    write('pcb/images/train/b.png');
    write('pcb/images/val/c.jpg');
    write('pcb/labels/val/c.txt', '0 0.5 0.5 0.1 0.1\n1 0.2 0.2 0.1 0.1\n');
    write('pcb.yaml', `path: ${path.join(root, 'pcb')}\ntrain: images/train\nval: images/val\nnames:\n  0: open\n  1: short\n`);
    expect(loadDataset('pcb.yaml', 'detect', options)).toMatchObject({ names: ['open', 'short'], trainImages: 2, valImages: 1, valInstances: 2, synthetic: false });
  });

  it('knows the small datasets Ultralytics downloads by name', () => {
    expect(loadDataset('coco8.yaml', 'detect', options)).toMatchObject({ trainImages: 4, valImages: 4, synthetic: true });
    expect(loadDataset('coco8.yaml', 'detect', options).names).toHaveLength(80);
  });

  it('reads class folders for classification', () => {
    write('flowers/train/rose/1.jpg');
    write('flowers/train/tulip/2.jpg');
    write('flowers/val/rose/3.jpg');
    expect(loadDataset('flowers', 'classify', options)).toMatchObject({ names: ['rose', 'tulip'], trainImages: 2, valImages: 1 });
  });

  it('fails like Ultralytics for a missing file or missing keys', () => {
    const missing = catchYoloError(() => loadDataset('nope.yaml', 'detect', options));
    expect(missing.pythonType).toBe('RuntimeError');
    expect(missing.message).toBe("Dataset 'nope.yaml' error ❌ 'nope.yaml' does not exist");
    write('noval.yaml', 'train: images/train\nnames: [a]\n');
    expect(catchYoloError(() => loadDataset('noval.yaml', 'detect', options)).message).toBe(
      "Dataset 'noval.yaml' error ❌ noval.yaml 'val:' key missing ❌.\n'train' and 'val' are required in all data YAMLs.",
    );
    write('nonames.yaml', 'train: a\nval: b\n');
    expect(catchYoloError(() => loadDataset('nonames.yaml', 'detect', options)).message).toBe(
      "Dataset 'nonames.yaml' error ❌ nonames.yaml key missing ❌.\n either 'names' or 'nc' are required in all data YAMLs.",
    );
    write('mismatch.yaml', 'train: a\nval: b\nnc: 3\nnames: [a, b]\n');
    expect(catchYoloError(() => loadDataset('mismatch.yaml', 'detect', options)).message).toBe("Dataset 'mismatch.yaml' error ❌ mismatch.yaml 'names' length 2 and 'nc: 3' must match.");
    expect(catchYoloError(() => loadDataset('nowhere', 'classify', options)).message).toBe(
      "Dataset 'nowhere' error ❌ Download failure for https://github.com/ultralytics/assets/releases/download/v0.0.0/nowhere.zip. Retry limit reached.",
    );
  });
});
