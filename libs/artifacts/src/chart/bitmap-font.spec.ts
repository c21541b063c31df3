import { describe, expect, it } from 'vitest';
import { fontCharacters, glyphFor, glyphRowsOf, isInk } from './bitmap-font.ts';

const printableAscii = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));

describe('the bitmap font', () => {
  it('covers every printable ASCII character', () => {
    expect([...fontCharacters].sort()).toEqual([...printableAscii].sort());
  });

  it('has well-formed glyphs: 7 rows, or 9 for descenders, of 5 cells', () => {
    for (const char of printableAscii) {
      const rows = glyphRowsOf(char).split(' ');
      expect([7, 9], `rows of ${JSON.stringify(char)}`).toContain(rows.length);
      for (const row of rows) expect(row, `row of ${JSON.stringify(char)}`).toMatch(/^[#.]{5}$/);
    }
    expect(printableAscii.filter((char) => glyphRowsOf(char).split(' ').length === 9)).toEqual(['g', 'j', 'p', 'q', 'y']);
  });

  it('gives every character its own shape and ink except the space', () => {
    const shapes = new Map<string, string>();
    for (const char of printableAscii) {
      const rows = glyphRowsOf(char);
      expect(shapes.get(rows), `${JSON.stringify(char)} looks like ${JSON.stringify(shapes.get(rows))}`).toBeUndefined();
      shapes.set(rows, char);
      expect(rows.includes('#')).toBe(char !== ' ');
    }
  });

  it('draws a box for characters outside printable ASCII', () => {
    const box = glyphFor('é');
    expect([0, 1, 2, 3, 4].map((x) => isInk(box, x, 0))).toEqual([true, true, true, true, true]);
    expect(isInk(box, 2, 3)).toBe(false);
  });
});
