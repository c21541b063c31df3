import { describe, expect, it } from 'vitest';
import { InputError } from '@trainops/contracts';
import { parseResultsCsv } from '../parse-results-csv.ts';
import { decodePng } from '../testing/decode-png.ts';
import { palette, renderTrainingChart } from './training-chart.ts';

const table = parseResultsCsv(
  [
    'epoch,time,train/box_loss,train/cls_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),val/box_loss,val/cls_loss,lr/pg0',
    '1,10,2.0,3.0,0.2,0.1,0.2,0.1,2.2,3.3,0.01',
    '2,20,1.5,2.0,0.4,0.3,0.5,0.3,1.8,2.5,0.01',
    '3,30,1.2,1.5,0.6,0.5,nan,nan,1.5,2.0,0.01',
    '4,40,1.0,1.2,0.7,0.6,0.8,0.6,1.3,1.6,0.01',
  ].join('\n'),
);

function countColour(pixels: Uint8Array, colour: readonly number[]): number {
  let count = 0;
  for (let offset = 0; offset < pixels.length; offset += 3) {
    if (pixels[offset] === colour[0] && pixels[offset + 1] === colour[1] && pixels[offset + 2] === colour[2]) count += 1;
  }
  return count;
}

describe('renderTrainingChart', () => {
  it('renders a valid PNG of the requested size', () => {
    const decoded = decodePng(renderTrainingChart(table, { width: 640, height: 480 }));
    expect([decoded.width, decoded.height]).toEqual([640, 480]);
    expect(decoded.chunks.every((chunk) => chunk.crcOk)).toBe(true);
    expect(decoded.inflatedLength).toBe(480 * (1 + 640 * 3));
  });

  it('draws each series in its own colour: two mAP curves, and the losses', () => {
    const { pixels } = decodePng(renderTrainingChart(table));
    // mAP50 and mAP50-95 take the first two colours; box and cls losses reuse them below.
    expect(countColour(pixels, palette[0] ?? [])).toBeGreaterThan(200);
    expect(countColour(pixels, palette[1] ?? [])).toBeGreaterThan(200);
    expect(countColour(pixels, palette[2] ?? [])).toBe(0);
  });

  it('is the same picture for the same table', () => {
    expect(renderTrainingChart(table)).toEqual(renderTrainingChart(table));
  });

  it('draws a single epoch and a classifier without failing', () => {
    const single = parseResultsCsv('epoch,train/loss,metrics/accuracy_top1,metrics/accuracy_top5,val/loss\n1,0.5,0.8,1,0.4');
    const decoded = decodePng(renderTrainingChart(single, { title: 'imagenet10 run 7' }));
    expect(countColour(decoded.pixels, palette[0] ?? [])).toBeGreaterThan(20);
  });

  it.each([
    [{ width: 100 }, 'chart width must be a whole number of pixels from 320 to 4096, got 100'],
    [{ height: 5000 }, 'chart height must be a whole number of pixels from 320 to 4096, got 5000'],
    [{ width: 640.5 }, 'chart width must be a whole number of pixels from 320 to 4096, got 640.5'],
  ])('refuses the size %j with a clear message', (options, message) => {
    expect(() => renderTrainingChart(table, options)).toThrow(InputError);
    expect(() => renderTrainingChart(table, options)).toThrow(message);
  });
});
