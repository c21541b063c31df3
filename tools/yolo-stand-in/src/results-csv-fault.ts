import { readFileSync, writeFileSync } from 'node:fs';

// YOLO_STANDIN_RESULTS_CSV=malformed: a results.csv whose last row was cut off mid-write, as a
// full disk or a writer killed between two writes leaves it. The header and the earlier rows stay
// intact, so the file looks like a results.csv and only a parser that checks every row (the
// product's, in libs/artifacts) notices, naming the line.

/** The text with its last row cut to half its values (at least one value dropped). */
export function cutOffLastRow(text: string): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  const last = lines.at(-1);
  if (lines.length < 2 || last === undefined) return text;
  const cells = last.split(',');
  lines[lines.length - 1] = cells.slice(0, Math.max(1, Math.floor(cells.length / 2))).join(',');
  return `${lines.join('\n')}\n`;
}

export function corruptResultsCsv(file: string): void {
  writeFileSync(file, cutOffLastRow(readFileSync(file, 'utf8')));
}
