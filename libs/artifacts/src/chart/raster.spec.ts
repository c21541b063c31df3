import { describe, expect, it } from 'vitest';
import { decodePng } from '../testing/decode-png.ts';
import { GLYPH_ADVANCE } from './bitmap-font.ts';
import { encodePng } from './png-encoder.ts';
import { createRaster, drawLine, drawPolyline, drawText, fillRect, getPixel, measureText, strokeRect } from './raster.ts';

const RED = [255, 0, 0] as const;
const WHITE = [255, 255, 255] as const;

function inkedPixels(raster: ReturnType<typeof createRaster>): Array<[number, number]> {
  const inked: Array<[number, number]> = [];
  for (let y = 0; y < raster.height; y += 1) {
    for (let x = 0; x < raster.width; x += 1) if (getPixel(raster, x, y).join() !== WHITE.join()) inked.push([x, y]);
  }
  return inked;
}

describe('drawLine', () => {
  it('draws a diagonal line exactly on its pixels, and they survive PNG encoding', () => {
    const raster = createRaster(10, 10);
    drawLine(raster, { x: 1, y: 1 }, { x: 8, y: 8 }, { color: RED });
    const expected = Array.from({ length: 8 }, (_, index) => [index + 1, index + 1]);
    expect(inkedPixels(raster)).toEqual(expected);
    const decoded = decodePng(encodePng(raster));
    const at = (x: number, y: number) => [...decoded.pixels.subarray((y * 10 + x) * 3, (y * 10 + x) * 3 + 3)];
    expect(at(4, 4)).toEqual([...RED]);
    expect(at(4, 5)).toEqual([...WHITE]);
  });

  it('draws a shallow line with one pixel per column (Bresenham)', () => {
    const raster = createRaster(12, 5);
    drawLine(raster, { x: 0, y: 0 }, { x: 10, y: 3 }, { color: RED });
    const inked = inkedPixels(raster);
    expect(inked.map(([x]) => x).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(inked).toContainEqual([0, 0]);
    expect(inked).toContainEqual([10, 3]);
  });

  it('thickens with a square pen, dashes, and stays inside the clip', () => {
    const thick = createRaster(10, 10);
    drawLine(thick, { x: 2, y: 5 }, { x: 7, y: 5 }, { color: RED, thickness: 3 });
    // The pen is centred on each of the 6 line pixels, so it reaches one pixel past both ends.
    const inked = inkedPixels(thick);
    expect(inked).toHaveLength(8 * 3);
    expect([Math.min(...inked.map(([x]) => x)), Math.max(...inked.map(([x]) => x))]).toEqual([1, 8]);
    expect([...new Set(inked.map(([, y]) => y))]).toEqual([4, 5, 6]);

    const dashed = createRaster(20, 3);
    drawLine(dashed, { x: 0, y: 1 }, { x: 19, y: 1 }, { color: RED, dash: [3, 2] });
    expect(inkedPixels(dashed).map(([x]) => x)).toEqual([0, 1, 2, 5, 6, 7, 10, 11, 12, 15, 16, 17]);

    const clipped = createRaster(10, 10);
    drawLine(clipped, { x: 0, y: 5 }, { x: 9, y: 5 }, { color: RED, clip: { x: 3, y: 0, width: 4, height: 10 } });
    expect(inkedPixels(clipped).map(([x]) => x)).toEqual([3, 4, 5, 6]);
  });

  it('continues the dash pattern across the corners of a polyline', () => {
    const raster = createRaster(20, 3);
    drawPolyline(raster, [{ x: 0, y: 1 }, { x: 4, y: 1 }, { x: 19, y: 1 }], { color: RED, dash: [3, 2] });
    expect(inkedPixels(raster).map(([x]) => x)).toEqual([0, 1, 2, 5, 6, 7, 10, 11, 12, 15, 16, 17]);
  });

  it('ignores pixels outside the raster instead of wrapping to the next row', () => {
    const raster = createRaster(5, 5);
    drawLine(raster, { x: -3, y: 2 }, { x: 8, y: 2 }, { color: RED });
    expect(inkedPixels(raster)).toEqual([0, 1, 2, 3, 4].map((x) => [x, 2]));
  });
});

describe('rectangles', () => {
  it('fills and outlines exactly the given area', () => {
    const raster = createRaster(6, 6);
    fillRect(raster, { x: 1, y: 1, width: 2, height: 3 }, RED);
    expect(inkedPixels(raster)).toEqual([
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
      [1, 3],
      [2, 3],
    ]);
    const outline = createRaster(6, 6);
    strokeRect(outline, { x: 0, y: 0, width: 4, height: 3 }, RED);
    expect(inkedPixels(outline)).toHaveLength(10);
  });

  it('refuses a raster without area', () => {
    expect(() => createRaster(0, 5)).toThrow('a raster needs a whole-number size of at least 1×1, got 0×5');
  });
});

describe('drawText', () => {
  it('draws the glyph of "1" cell by cell, scaled', () => {
    const raster = createRaster(12, 20);
    drawText(raster, '1', 0, 0, { color: RED, scale: 2 });
    // Row 0 of "1" is `..#..`: one 2×2 block at cell column 2.
    expect(inkedPixels(raster).filter(([, y]) => y < 2)).toEqual([
      [4, 0],
      [5, 0],
      [4, 1],
      [5, 1],
    ]);
    // Row 6 is `.###.`.
    expect(inkedPixels(raster).filter(([, y]) => y === 12).map(([x]) => x)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('advances six font pixels per character and measures the same', () => {
    const raster = createRaster(40, 10);
    drawText(raster, '||', 0, 0, { color: RED });
    expect([...new Set(inkedPixels(raster).map(([x]) => x))]).toEqual([2, 2 + GLYPH_ADVANCE]);
    expect(measureText('||')).toEqual({ width: 11, height: 9 });
    expect(measureText('', 3)).toEqual({ width: 0, height: 27 });
  });

  it('turns vertical text to read from bottom to top', () => {
    const raster = createRaster(10, 10);
    drawText(raster, '-', 0, 0, { color: RED, vertical: true });
    // "-" is a horizontal bar in row 3; turned, it becomes a vertical bar in column 3.
    expect(inkedPixels(raster)).toEqual([0, 1, 2, 3, 4].map((y) => [3, y]));
  });
});
