import { InputError } from '@trainops/contracts';
import { findBestEpoch } from '../fitness.ts';
import { CAP_HEIGHT } from './bitmap-font.ts';
import type { ResultsTable } from '../parse-results-csv.ts';
import { epochNumber } from '../parse-results-csv.ts';
import type { MetricName } from '../results-columns.ts';
import type { AxisScale } from './chart-scale.ts';
import { buildAxisScale, formatTick } from './chart-scale.ts';
import { encodePng } from './png-encoder.ts';
import type { Point, Raster, Rect, Rgb } from './raster.ts';
import { createRaster, drawLine, drawPolyline, drawText, fillRect, measureText, strokeRect } from './raster.ts';

// The training chart posted in the run's Slack thread: validation metrics (mAP, or top-1/top-5
// for a classifier) on top, losses below, both against the epoch, with a legend beside each
// panel. Pure: a results table in, PNG bytes out.

export interface TrainingChartOptions {
  /** Pixels; default 960. */
  width?: number;
  /** Pixels; default 720. */
  height?: number;
  /** The first line of the chart; default "Training metrics (<task>)". ASCII only. */
  title?: string;
}

export const palette: readonly Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [23, 190, 207],
];
const INK: Rgb = [33, 33, 33];
const GRID: Rgb = [228, 228, 228];
const BEST_MARK: Rgb = [120, 120, 120];
const WHITE: Rgb = [255, 255, 255];
const TEXT_SCALE = 2;
const TEXT_HEIGHT = measureText('0', TEXT_SCALE).height;
const CAP = CAP_HEIGHT * TEXT_SCALE;
const DASH: readonly [number, number] = [7, 5];

interface Series {
  label: string;
  color: Rgb;
  dashed: boolean;
  /** One value per row; NaN where the epoch has none. */
  values: number[];
}

interface PanelSpec {
  title: string;
  yLabel: string;
  series: Series[];
  legendNotes?: readonly string[];
  fixedRange?: readonly [number, number];
  bestEpoch?: number;
}

const MIN_SIZE = 320;
const MAX_SIZE = 4096;

function checkedSize(name: string, value: number | undefined, fallback: number): number {
  const size = value ?? fallback;
  if (!Number.isSafeInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw new InputError(`chart ${name} must be a whole number of pixels from ${MIN_SIZE} to ${MAX_SIZE}, got ${String(size)}`);
  }
  return size;
}

function metricSeries(table: ResultsTable): Series[] {
  const shown: MetricName[] = table.metricNames.filter((name) => name.startsWith('mAP') || name === 'top1' || name === 'top5');
  return shown.map((name, index) => ({
    label: name,
    color: palette[index % palette.length] ?? INK,
    dashed: false,
    values: table.rows.map((row) => row.metrics[name] ?? Number.NaN),
  }));
}

function lossSeries(table: ResultsTable): Series[] {
  const series: Series[] = [];
  table.trainLossNames.forEach((name, index) => {
    const color = palette[index % palette.length] ?? INK;
    series.push({ label: name, color, dashed: false, values: table.rows.map((row) => row.trainLosses[name] ?? Number.NaN) });
    if (table.valLossNames.includes(name)) {
      series.push({ label: name, color, dashed: true, values: table.rows.map((row) => row.valLosses[name] ?? Number.NaN) });
    }
  });
  // Validation losses without a training twin still get their own colour.
  table.valLossNames
    .filter((name) => !table.trainLossNames.includes(name))
    .forEach((name, index) => {
      const color = palette[(table.trainLossNames.length + index) % palette.length] ?? INK;
      series.push({ label: `val ${name}`, color, dashed: true, values: table.rows.map((row) => row.valLosses[name] ?? Number.NaN) });
    });
  return series.filter((entry) => entry.values.some(Number.isFinite));
}

function drawPanel(raster: Raster, area: Rect, legendArea: Rect, spec: PanelSpec, epochs: readonly number[]): void {
  const plot: Rect = { x: area.x + 70, y: area.y + TEXT_HEIGHT + 10, width: area.width - 80, height: area.height - TEXT_HEIGHT - 10 - (TEXT_HEIGHT * 2 + 18) };
  drawText(raster, spec.title, plot.x, area.y, { color: INK, scale: TEXT_SCALE });

  const finite = spec.series.flatMap((entry) => entry.values.filter(Number.isFinite));
  const yScale: AxisScale = spec.fixedRange
    ? buildAxisScale(spec.fixedRange[0], spec.fixedRange[1], { targetTicks: 6 })
    : buildAxisScale(finite.length > 0 ? Math.min(...finite) : 0, finite.length > 0 ? Math.max(...finite) : 1, { targetTicks: 6 });
  const xScale = buildAxisScale(Math.min(...epochs), Math.max(...epochs), { targetTicks: 8, integer: true });
  const toX = (epoch: number) => plot.x + ((epoch - xScale.min) / (xScale.max - xScale.min)) * (plot.width - 1);
  const toY = (value: number) => plot.y + plot.height - 1 - ((value - yScale.min) / (yScale.max - yScale.min)) * (plot.height - 1);

  for (const tick of yScale.ticks) {
    const y = Math.round(toY(tick));
    drawLine(raster, { x: plot.x, y }, { x: plot.x + plot.width - 1, y }, { color: GRID });
    const label = formatTick(tick, yScale.step);
    drawText(raster, label, plot.x - 8 - measureText(label, TEXT_SCALE).width, y - CAP / 2, { color: INK, scale: TEXT_SCALE });
  }
  for (const tick of xScale.ticks) {
    const x = Math.round(toX(tick));
    drawLine(raster, { x, y: plot.y }, { x, y: plot.y + plot.height - 1 }, { color: GRID });
    drawLine(raster, { x, y: plot.y + plot.height }, { x, y: plot.y + plot.height + 4 }, { color: INK });
    const label = formatTick(tick, xScale.step);
    drawText(raster, label, x - measureText(label, TEXT_SCALE).width / 2, plot.y + plot.height + 8, { color: INK, scale: TEXT_SCALE });
  }
  const xLabel = 'epoch';
  drawText(raster, xLabel, plot.x + plot.width / 2 - measureText(xLabel, TEXT_SCALE).width / 2, plot.y + plot.height + TEXT_HEIGHT + 16, {
    color: INK,
    scale: TEXT_SCALE,
  });
  const yLabelLength = measureText(spec.yLabel, TEXT_SCALE).width;
  drawText(raster, spec.yLabel, area.x, plot.y + plot.height / 2 - yLabelLength / 2, { color: INK, scale: TEXT_SCALE, vertical: true });

  if (spec.bestEpoch !== undefined) {
    const x = Math.round(toX(spec.bestEpoch));
    drawLine(raster, { x, y: plot.y }, { x, y: plot.y + plot.height - 1 }, { color: BEST_MARK, dash: [3, 3] });
    const label = `best ${spec.bestEpoch}`;
    const width = measureText(label, TEXT_SCALE).width;
    const labelX = x + 6 + width < plot.x + plot.width ? x + 6 : x - 6 - width;
    // Near the bottom: metric curves rise, so that corner is usually empty by the best epoch.
    const labelY = plot.y + plot.height - TEXT_HEIGHT - 8;
    fillRect(raster, { x: labelX - 2, y: labelY - 2, width: width + 4, height: TEXT_HEIGHT + 4 }, WHITE);
    drawText(raster, label, labelX, labelY, { color: BEST_MARK, scale: TEXT_SCALE });
  }

  for (const entry of spec.series) {
    const style = { color: entry.color, thickness: 2, clip: plot, ...(entry.dashed ? { dash: DASH } : {}) };
    // A value that is not finite breaks the curve instead of being drawn as a cliff.
    let run: Point[] = [];
    const flush = () => {
      if (run.length === 1 && run[0] !== undefined) fillRect(raster, { x: run[0].x - 2, y: run[0].y - 2, width: 5, height: 5 }, entry.color, plot);
      else drawPolyline(raster, run, style);
      run = [];
    };
    entry.values.forEach((value, index) => {
      if (!Number.isFinite(value)) return flush();
      run.push({ x: toX(epochs[index] ?? 0), y: toY(value) });
    });
    flush();
  }
  strokeRect(raster, { x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2 }, INK);

  let legendY = plot.y;
  for (const note of spec.legendNotes ?? []) {
    drawText(raster, note, legendArea.x, legendY, { color: INK, scale: TEXT_SCALE });
    legendY += TEXT_HEIGHT + 4;
  }
  if (spec.legendNotes !== undefined) legendY += 8;
  // A dashed twin has the colour of its solid series; the notes say which is which.
  for (const entry of spec.series.filter((candidate) => !candidate.dashed || !spec.series.some((other) => !other.dashed && other.color === candidate.color))) {
    if (legendY + TEXT_HEIGHT > plot.y + plot.height) break;
    const middle = legendY + CAP / 2;
    drawLine(raster, { x: legendArea.x, y: middle }, { x: legendArea.x + 28, y: middle }, { color: entry.color, thickness: 3, ...(entry.dashed ? { dash: [6, 4] as const } : {}) });
    drawText(raster, entry.label, legendArea.x + 36, legendY, { color: INK, scale: TEXT_SCALE });
    legendY += TEXT_HEIGHT + 10;
  }
}

/** The text, shortened with "..." when it is wider than `maxWidth` pixels. */
function fitText(text: string, maxWidth: number): string {
  if (measureText(text, TEXT_SCALE).width <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && measureText(`${chars.join('')}...`, TEXT_SCALE).width > maxWidth) chars.pop();
  return `${chars.join('')}...`;
}

/** Renders the training chart of a results table as PNG bytes. */
export function renderTrainingChart(table: ResultsTable, options: TrainingChartOptions = {}): Uint8Array {
  const width = checkedSize('width', options.width, 960);
  const height = checkedSize('height', options.height, 720);
  const raster = createRaster(width, height);
  const epochs = table.rows.map((row) => epochNumber(table, row));
  drawText(raster, fitText(options.title ?? `Training metrics (${table.task})`, width - 32), 16, 14, { color: INK, scale: TEXT_SCALE });

  const legendWidth = Math.min(230, Math.floor(width * 0.3));
  const top = 14 + TEXT_HEIGHT + 18;
  const panelHeight = Math.floor((height - top - 10) / 2);
  const panelWidth = width - legendWidth - 16;
  const best = findBestEpoch(table);
  const isClassifier = table.task === 'classify';
  drawPanel(
    raster,
    { x: 16, y: top, width: panelWidth - 16, height: panelHeight - 10 },
    { x: panelWidth + 8, y: top, width: legendWidth - 16, height: panelHeight },
    {
      title: isClassifier ? 'Validation accuracy' : 'Validation mAP',
      yLabel: isClassifier ? 'accuracy' : 'mAP',
      series: metricSeries(table),
      fixedRange: [0, 1],
      ...(best === null ? {} : { bestEpoch: best.epochNumber }),
    },
    epochs,
  );
  drawPanel(
    raster,
    { x: 16, y: top + panelHeight, width: panelWidth - 16, height: panelHeight - 10 },
    { x: panelWidth + 8, y: top + panelHeight, width: legendWidth - 16, height: panelHeight },
    { title: 'Losses', yLabel: 'loss', series: lossSeries(table), legendNotes: ['solid: train', 'dashed: val'] },
    epochs,
  );
  return encodePng(raster);
}
