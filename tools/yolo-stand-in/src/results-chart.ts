import { createRaster, drawPolyline, drawText, encodePng, measureText, strokeRect } from '@trainops/artifacts';
import type { Point, Raster, Rect, Rgb } from '@trainops/artifacts';

// results.png in the spirit of Ultralytics' plot_results: one small titled panel per results.csv
// column (losses, metrics), in two rows, the raw values in blue with the smoothed trend dashed in
// orange. Drawing and PNG encoding are the product's own (`@trainops/artifacts`).

const frameColor: Rgb = [200, 200, 200];
const titleColor: Rgb = [40, 40, 40];
const rawColor: Rgb = [31, 119, 180];
const smoothColor: Rgb = [255, 127, 14];

// A centred moving average, ignoring missing (NaN) points, like the smoothing curve Ultralytics draws.
function smooth(values: readonly number[]): number[] {
  const half = Math.max(1, Math.round(values.length * 0.05));
  return values.map((_, index) => {
    const window = values.slice(Math.max(0, index - half), index + half + 1).filter(Number.isFinite);
    return window.length === 0 ? Number.NaN : window.reduce((sum, value) => sum + value, 0) / window.length;
  });
}

/** The series as polylines, broken where a value is missing. */
function plotSeries(raster: Raster, box: Rect, series: readonly number[], color: Rgb, dashed: boolean, range: [number, number]): void {
  const [low, high] = range;
  const span = high - low || 1;
  const xOf = (index: number) => box.x + (box.width * index) / Math.max(1, series.length - 1);
  const yOf = (value: number) => box.y + box.height - (box.height * (value - low)) / span;
  let run: Point[] = [];
  const flush = () => {
    if (run.length > 0) drawPolyline(raster, run, { color, thickness: 2, clip: box, ...(dashed ? { dash: [4, 4] as const } : {}) });
    run = [];
  };
  series.forEach((value, index) => {
    if (Number.isFinite(value)) run.push({ x: xOf(index), y: yOf(value) });
    else flush();
  });
  flush();
}

export interface ResultsChartOptions {
  width?: number;
  height?: number;
}

/** A PNG with one panel per column of `columns` (name → values by epoch). */
export function renderResultsChart(columns: ReadonlyMap<string, readonly number[]>, options: ResultsChartOptions = {}): Uint8Array {
  const width = options.width ?? 1200;
  const height = options.height ?? 600;
  const raster = createRaster(width, height);
  const panels = [...columns.entries()];
  const rows = panels.length > 5 ? 2 : 1;
  const perRow = Math.max(1, Math.ceil(panels.length / rows));
  const cellWidth = width / perRow;
  const cellHeight = height / rows;
  const titleHeight = measureText('X').height + 4;
  panels.forEach(([name, values], index) => {
    const column = index % perRow;
    const row = Math.floor(index / perRow);
    const left = Math.round(column * cellWidth + 12);
    const top = Math.round(row * cellHeight + 12);
    const frame = { x: left, y: top + titleHeight, width: Math.round(cellWidth - 24), height: Math.round(cellHeight - 24 - titleHeight) };
    drawText(raster, name, left, top, { color: titleColor });
    strokeRect(raster, frame, frameColor);
    const finite = values.filter(Number.isFinite);
    if (finite.length === 0) return;
    const low = Math.min(...finite);
    const high = Math.max(...finite);
    const pad = (high - low) * 0.08 || Math.abs(high) * 0.08 || 1;
    const inner = { x: frame.x + 4, y: frame.y + 4, width: frame.width - 8, height: frame.height - 8 };
    plotSeries(raster, inner, values, rawColor, false, [low - pad, high + pad]);
    plotSeries(raster, inner, smooth(values), smoothColor, true, [low - pad, high + pad]);
  });
  return encodePng(raster);
}
