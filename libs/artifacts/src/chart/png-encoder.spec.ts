import { describe, expect, it } from 'vitest';
import { crc32Reference, decodePng, PNG_SIGNATURE_BYTES } from '../testing/decode-png.ts';
import { encodePng } from './png-encoder.ts';
import { createRaster, setPixel } from './raster.ts';

describe('encodePng', () => {
  it('writes the signature, IHDR, IDAT and IEND with correct CRCs', () => {
    const png = encodePng(createRaster(7, 5, [10, 20, 30]));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE_BYTES);
    const decoded = decodePng(png);
    expect(decoded.chunks.map((chunk) => [chunk.type, chunk.crcOk])).toEqual([
      ['IHDR', true],
      ['IDAT', true],
      ['IEND', true],
    ]);
    expect(decoded.chunks[0]?.length).toBe(13);
    expect([decoded.width, decoded.height, decoded.bitDepth, decoded.colourType, decoded.interlace]).toEqual([7, 5, 8, 2, 0]);
    // One filter byte per row, then three bytes per pixel.
    expect(decoded.inflatedLength).toBe(5 * (1 + 7 * 3));
  });

  it('round-trips every pixel, including the wrap-around of the row filter', () => {
    const raster = createRaster(4, 3, [255, 255, 255]);
    setPixel(raster, 0, 0, [0, 0, 0]);
    setPixel(raster, 3, 1, [200, 1, 255]);
    setPixel(raster, 3, 2, [1, 254, 0]);
    expect(decodePng(encodePng(raster)).pixels).toEqual(raster.pixels);
  });

  it('refuses pixel data of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(5) })).toThrow('a 2×2 RGB raster has 12 bytes, got 5');
  });

  it('checks CRCs with an independent implementation (known value for "IEND")', () => {
    expect(crc32Reference(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });
});
