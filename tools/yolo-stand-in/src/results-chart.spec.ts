import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderResultsChart } from './results-chart.ts';

// An independent CRC-32 (the PNG/zlib polynomial), so the check does not trust the encoder's.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  data: Buffer;
}

/** Walks the chunks, checking every CRC; throws on any damage. */
function readChunks(bytes: Uint8Array): Chunk[] {
  const png = Buffer.from(bytes);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('ascii');
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    expect(crc, `CRC of ${type}`).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    chunks.push({ type, data });
    offset += 12 + length;
  }
  expect(offset).toBe(png.length);
  return chunks;
}

describe('renderResultsChart', () => {
  it('draws a decodable chart of the given size, NaN values included', () => {
    const columns = new Map([
      ['train/box_loss', [1.2, 1, Number.NaN, 0.8]],
      ['metrics/mAP50(B)', [0.1, 0.3, 0.5, 0.55]],
    ]);
    const chunks = readChunks(renderResultsChart(columns, { width: 320, height: 160 }));
    const header = chunks[0]?.data as Buffer;
    expect([header.readUInt32BE(0), header.readUInt32BE(4)]).toEqual([320, 160]);
    const raw = inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)));
    expect(raw.length).toBe(160 * (1 + 320 * 3));
    // Something besides the white background was drawn.
    expect(raw.some((byte, index) => index % (1 + 320 * 3) !== 0 && byte !== 255)).toBe(true);
  });
});
