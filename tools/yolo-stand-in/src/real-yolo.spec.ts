import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRealYolo, runRealYolo, wrapperMarker } from './real-yolo.ts';

const root = mkdtempSync(path.join(tmpdir(), 'yolo-real-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function script(folder: string, body: string): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'yolo');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('findRealYolo', () => {
  const ours = script(path.join(root, 'stand-in', 'bin'), `# ${wrapperMarker}\nexit 0`);
  const linkFolder = path.join(root, 'linked');
  mkdirSync(linkFolder);
  symlinkSync(ours, path.join(linkFolder, 'yolo'));
  const copyOfOurs = script(path.join(root, 'copied'), `# ${wrapperMarker}\nexit 0`);
  const real = script(path.join(root, 'real'), 'echo "real yolo $*"; exit 3');

  it('skips the stand-in however it is put on PATH and finds the real one', () => {
    const searchPath = [path.join(root, 'missing'), linkFolder, path.dirname(copyOfOurs), path.dirname(ours), path.dirname(real)].join(path.delimiter);
    expect(findRealYolo(searchPath, [ours])).toBe(real);
  });

  it('finds nothing when only the stand-in is there', () => {
    expect(findRealYolo([linkFolder, path.dirname(ours)].join(path.delimiter), [ours])).toBeUndefined();
  });

  it('passes the exit code of the real yolo back', async () => {
    expect(await runRealYolo(real, ['train', 'epochs=1'], 'ignore')).toBe(3);
  });
});
