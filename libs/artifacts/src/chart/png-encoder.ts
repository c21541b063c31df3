import { crc32, deflateSync } from 'node:zlib';
import type { Raster } from './raster.ts';

// PNG (ISO/IEC 15948) for an 8-bit RGB raster: signature, IHDR, one IDAT, IEND. node:zlib does
// deflate and CRC-32, so nothing is installed or built. Each row is stored with the "Up" filter,
// which turns the long flat runs of a chart into zeros and compresses them well.

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const COLOUR_TYPE_RGB = 2;
const FILTER_UP = 2;

function writeChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  const typeAndData = chunk.subarray(4, 8 + data.length);
  typeAndData.set(new TextEncoder().encode(type), 0);
  typeAndData.set(data, 4);
  view.setUint32(8 + data.length, crc32(typeAndData) >>> 0);
  return chunk;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function encodePng(raster: Raster): Uint8Array {
  const { width, height, pixels } = raster;
  if (pixels.length !== width * height * 3) {
    throw new RangeError(`a ${width}×${height} RGB raster has ${width * height * 3} bytes, got ${pixels.length}`);
  }
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header[8] = 8; // bits per sample
  header[9] = COLOUR_TYPE_RGB;
  // Bytes 10-12 stay 0: deflate compression, adaptive filtering, no interlace.

  const stride = width * 3;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let row = 0; row < height; row += 1) {
    const out = row * (stride + 1);
    filtered[out] = FILTER_UP;
    const current = row * stride;
    const above = current - stride;
    for (let index = 0; index < stride; index += 1) {
      const up = row === 0 ? 0 : (pixels[above + index] ?? 0);
      filtered[out + 1 + index] = ((pixels[current + index] ?? 0) - up) & 0xff;
    }
  }
  return concat([
    PNG_SIGNATURE,
    writeChunk('IHDR', header),
    writeChunk('IDAT', deflateSync(filtered, { level: 9 })),
    writeChunk('IEND', new Uint8Array(0)),
  ]);
}
