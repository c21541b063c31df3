import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphFor, isInk } from './bitmap-font.ts';

// A tiny RGB raster with the few primitives a line chart needs: rectangles, lines of any
// thickness (solid or dashed), and text from the built-in bitmap font. No anti-aliasing: the
// chart is read in a Slack thread, where crisp pixels scale better than soft ones.

export type Rgb = readonly [number, number, number];

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** width × height × 3 bytes, row by row from the top. */
  readonly pixels: Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export function createRaster(width: number, height: number, background: Rgb = [255, 255, 255]): Raster {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`a raster needs a whole-number size of at least 1×1, got ${width}×${height}`);
  }
  const pixels = new Uint8Array(width * height * 3);
  for (let offset = 0; offset < pixels.length; offset += 3) pixels.set(background, offset);
  return { width, height, pixels };
}

function inside(raster: Raster, x: number, y: number, clip?: Rect): boolean {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return false;
  return clip === undefined || (x >= clip.x && y >= clip.y && x < clip.x + clip.width && y < clip.y + clip.height);
}

export function setPixel(raster: Raster, x: number, y: number, color: Rgb, clip?: Rect): void {
  if (!inside(raster, x, y, clip)) return;
  raster.pixels.set(color, (y * raster.width + x) * 3);
}

export function getPixel(raster: Raster, x: number, y: number): Rgb {
  const offset = (y * raster.width + x) * 3;
  return [raster.pixels[offset] ?? 0, raster.pixels[offset + 1] ?? 0, raster.pixels[offset + 2] ?? 0];
}

export function fillRect(raster: Raster, rect: Rect, color: Rgb, clip?: Rect): void {
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const x1 = Math.min(raster.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(raster.height, Math.round(rect.y + rect.height));
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) setPixel(raster, x, y, color, clip);
  }
}

/** The outline of a rectangle, one pixel wide, inside its bounds. */
export function strokeRect(raster: Raster, rect: Rect, color: Rgb): void {
  fillRect(raster, { x: rect.x, y: rect.y, width: rect.width, height: 1 }, color);
  fillRect(raster, { x: rect.x, y: rect.y + rect.height - 1, width: rect.width, height: 1 }, color);
  fillRect(raster, { x: rect.x, y: rect.y, width: 1, height: rect.height }, color);
  fillRect(raster, { x: rect.x + rect.width - 1, y: rect.y, width: 1, height: rect.height }, color);
}

export interface LineStyle {
  color: Rgb;
  /** Pixels; the pen is a square this wide centred on the line. Default 1. */
  thickness?: number;
  /** `[on, off]` lengths in pixels for a dashed line; solid when left out. */
  dash?: readonly [number, number];
  /** Nothing is drawn outside it. */
  clip?: Rect;
}

/**
 * Draws connected segments with Bresenham's algorithm. The dash pattern runs on across the
 * corners, so a dashed curve of many short segments still looks dashed.
 */
export function drawPolyline(raster: Raster, points: readonly Point[], style: LineStyle): void {
  const thickness = Math.max(1, Math.round(style.thickness ?? 1));
  const before = Math.floor((thickness - 1) / 2);
  const period = style.dash === undefined ? 0 : style.dash[0] + style.dash[1];
  let step = 0;
  const stamp = (x: number, y: number) => {
    const on = period === 0 || step % period < (style.dash?.[0] ?? 0);
    step += 1;
    if (!on) return;
    for (let dy = 0; dy < thickness; dy += 1) {
      for (let dx = 0; dx < thickness; dx += 1) setPixel(raster, x - before + dx, y - before + dy, style.color, style.clip);
    }
  };
  for (let index = 1; index < points.length; index += 1) {
    const from = points[index - 1];
    const to = points[index];
    if (from === undefined || to === undefined) continue;
    let x = Math.round(from.x);
    let y = Math.round(from.y);
    const x1 = Math.round(to.x);
    const y1 = Math.round(to.y);
    const dx = Math.abs(x1 - x);
    const dy = -Math.abs(y1 - y);
    const sx = x < x1 ? 1 : -1;
    const sy = y < y1 ? 1 : -1;
    let error = dx + dy;
    // The shared corner pixel belongs to the previous segment.
    let first = index > 1;
    for (;;) {
      if (!first) stamp(x, y);
      first = false;
      if (x === x1 && y === y1) break;
      const doubled = 2 * error;
      if (doubled >= dy) {
        error += dy;
        x += sx;
      }
      if (doubled <= dx) {
        error += dx;
        y += sy;
      }
    }
  }
  if (points.length === 1 && points[0] !== undefined) stamp(Math.round(points[0].x), Math.round(points[0].y));
}

export function drawLine(raster: Raster, from: Point, to: Point, style: LineStyle): void {
  drawPolyline(raster, [from, to], style);
}

export interface TextStyle {
  color: Rgb;
  /** Each font pixel becomes a scale × scale square. Default 1. */
  scale?: number;
  /** Read bottom to top (turned 90° anticlockwise), for a vertical axis label. */
  vertical?: boolean;
}

/** Width and height of a single line of text as drawn horizontally. */
export function measureText(text: string, scale = 1): { width: number; height: number } {
  const length = [...text].length;
  return { width: length === 0 ? 0 : (length * GLYPH_ADVANCE - 1) * scale, height: GLYPH_HEIGHT * scale };
}

/**
 * Draws one line of text with its top-left corner at (x, y). Vertical text occupies the box
 * `measureText` gives turned on its side: (x, y) is then its top-left corner too.
 */
export function drawText(raster: Raster, text: string, x: number, y: number, style: TextStyle): void {
  const scale = Math.max(1, Math.round(style.scale ?? 1));
  const length = measureText(text, scale).width;
  [...text].forEach((char, index) => {
    const glyph = glyphFor(char);
    for (let gy = 0; gy < GLYPH_HEIGHT; gy += 1) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx += 1) {
        if (!isInk(glyph, gx, gy)) continue;
        const along = (index * GLYPH_ADVANCE + gx) * scale;
        const across = gy * scale;
        const px = style.vertical ? Math.round(x) + across : Math.round(x) + along;
        const py = style.vertical ? Math.round(y) + length - along - scale : Math.round(y) + across;
        fillRect(raster, { x: px, y: py, width: scale, height: scale }, style.color);
      }
    }
  });
}
