import { createRgbImage, encodePng } from './png.ts';
import type { RgbImage } from './png.ts';

// results.png in the spirit of Ultralytics' plot_results: one small panel per results.csv column
// (losses, metrics), two rows, the raw values in blue with the smoothed trend dotted in orange.
// No text: the stand-in carries no font, and the panel order is the CSV's column order.

type Rgb = readonly [number, number, number];

const frameColor: Rgb = [200, 200, 200];
const rawColor: Rgb = [31, 119, 180];
const smoothColor: Rgb = [255, 127, 14];

function setPixel(image: RgbImage, x: number, y: number, color: Rgb): void {
  const px = Math.round(x);
  const py = Math.round(y);
  if (px < 0 || py < 0 || px >= image.width || py >= image.height) return;
  image.pixels.set(color, (py * image.width + px) * 3);
}

function drawLine(image: RgbImage, from: [number, number], to: [number, number], color: Rgb, dotted = false): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(to[0] - from[0]), Math.abs(to[1] - from[1]))));
  for (let step = 0; step <= steps; step += 1) {
    if (dotted && Math.floor(step / 3) % 2 === 1) continue;
    const x = from[0] + ((to[0] - from[0]) * step) / steps;
    const y = from[1] + ((to[1] - from[1]) * step) / steps;
    setPixel(image, x, y, color);
    setPixel(image, x, y + 1, color);
  }
}

function drawRect(image: RgbImage, left: number, top: number, right: number, bottom: number, color: Rgb): void {
  drawLine(image, [left, top], [right, top], color);
  drawLine(image, [left, bottom], [right, bottom], color);
  drawLine(image, [left, top], [left, bottom], color);
  drawLine(image, [right, top], [right, bottom], color);
}

// A centred moving average, ignoring missing (NaN) points, like the smoothing curve Ultralytics draws.
function smooth(values: readonly number[]): number[] {
  const half = Math.max(1, Math.round(values.length * 0.05));
  return values.map((_, index) => {
    const window = values.slice(Math.max(0, index - half), index + half + 1).filter(Number.isFinite);
    return window.length === 0 ? Number.NaN : window.reduce((sum, value) => sum + value, 0) / window.length;
  });
}

function plotSeries(image: RgbImage, box: { left: number; top: number; right: number; bottom: number }, series: readonly number[], color: Rgb, dotted: boolean, range: [number, number]): void {
  const [low, high] = range;
  const span = high - low || 1;
  const xOf = (index: number) => box.left + ((box.right - box.left) * index) / Math.max(1, series.length - 1);
  const yOf = (value: number) => box.bottom - ((box.bottom - box.top) * (value - low)) / span;
  let previous: [number, number] | undefined;
  series.forEach((value, index) => {
    if (!Number.isFinite(value)) {
      previous = undefined;
      return;
    }
    const point: [number, number] = [xOf(index), yOf(value)];
    if (previous) drawLine(image, previous, point, color, dotted);
    else setPixel(image, point[0], point[1], color);
    previous = point;
  });
}

export interface ResultsChartOptions {
  width?: number;
  height?: number;
}

/** A PNG with one panel per column of `columns` (name → values by epoch). */
export function renderResultsChart(columns: ReadonlyMap<string, readonly number[]>, options: ResultsChartOptions = {}): Buffer {
  const width = options.width ?? 1200;
  const height = options.height ?? 600;
  const image = createRgbImage(width, height);
  const panels = [...columns.entries()];
  const rows = panels.length > 5 ? 2 : 1;
  const perRow = Math.max(1, Math.ceil(panels.length / rows));
  const cellWidth = width / perRow;
  const cellHeight = height / rows;
  panels.forEach(([, values], index) => {
    const column = index % perRow;
    const row = Math.floor(index / perRow);
    const box = {
      left: Math.round(column * cellWidth + 12),
      top: Math.round(row * cellHeight + 12),
      right: Math.round((column + 1) * cellWidth - 12),
      bottom: Math.round((row + 1) * cellHeight - 12),
    };
    drawRect(image, box.left, box.top, box.right, box.bottom, frameColor);
    const finite = values.filter(Number.isFinite);
    if (finite.length === 0) return;
    const low = Math.min(...finite);
    const high = Math.max(...finite);
    const pad = (high - low) * 0.08 || Math.abs(high) * 0.08 || 1;
    const inner = { left: box.left + 6, top: box.top + 6, right: box.right - 6, bottom: box.bottom - 6 };
    plotSeries(image, inner, values, rawColor, false, [low - pad, high + pad]);
    plotSeries(image, inner, smooth(values), smoothColor, true, [low - pad, high + pad]);
  });
  return encodePng(image);
}
