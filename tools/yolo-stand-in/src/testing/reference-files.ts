import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Real Ultralytics outputs kept beside the repository (<repo-root>/../shared/reference/ultralytics),
// read in place. Tests that need them are skipped, saying why, on a machine without them.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'ultralytics');
export const hasReferenceFiles = existsSync(path.join(referenceDir, 'results'));

/** Appended to test names: empty when the files are there, the reason when the test is skipped. */
export const referenceNote = hasReferenceFiles ? '' : ` (skipped: no reference files at ${referenceDir})`;

export function readReference(relative: string): string {
  return readFileSync(path.join(referenceDir, relative), 'utf8');
}

/** The header line and the rows (cells as text) of a reference results.csv. */
export function readReferenceCsv(file: string): { header: string; rows: string[][] } {
  const [header = '', ...lines] = readReference(path.join('results', file)).trim().split(/\r?\n/);
  return { header, rows: lines.map((line) => line.split(',')) };
}

/** Repository root, for spawning the CLI through its wrapper. */
export const repositoryRoot = repoRoot;
