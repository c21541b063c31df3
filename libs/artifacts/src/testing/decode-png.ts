import { inflateSync } from 'node:zlib';

// A strict PNG reader for the tests, written independently of the encoder: its own CRC-32
// table, chunk walk and un-filtering, so an encoder bug cannot hide behind a shared helper.

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

export function crc32Reference(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface DecodedChunk {
  type: string;
  length: number;
  crcOk: boolean;
}

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  chunks: DecodedChunk[];
  /** Length of the inflated IDAT stream. */
  inflatedLength: number;
  /** RGB bytes after undoing each row's filter. */
  pixels: Uint8Array;
}

export const PNG_SIGNATURE_BYTES = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Uint8Array): DecodedPng {
  if (!PNG_SIGNATURE_BYTES.every((byte, index) => png[index] === byte)) throw new Error('not a PNG signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: DecodedChunk[] = [];
  const idat: Uint8Array[] = [];
  let header: Uint8Array | undefined;
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    const type = new TextDecoder().decode(typeAndData.subarray(0, 4));
    const crcOk = view.getUint32(offset + 8 + length) === crc32Reference(typeAndData);
    chunks.push({ type, length, crcOk });
    if (type === 'IHDR') header = typeAndData.subarray(4);
    if (type === 'IDAT') idat.push(typeAndData.subarray(4));
    offset += 12 + length;
  }
  if (header === undefined) throw new Error('no IHDR');
  const headerView = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const width = headerView.getUint32(0);
  const height = headerView.getUint32(4);
  const inflated = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  const pixels = new Uint8Array(stride * height);
  for (let row = 0; row < height; row += 1) {
    const filter = inflated[row * (stride + 1)];
    for (let index = 0; index < stride; index += 1) {
      const raw = inflated[row * (stride + 1) + 1 + index] ?? 0;
      const left = index >= 3 ? (pixels[row * stride + index - 3] ?? 0) : 0;
      const up = row > 0 ? (pixels[(row - 1) * stride + index] ?? 0) : 0;
      const upLeft = row > 0 && index >= 3 ? (pixels[(row - 1) * stride + index - 3] ?? 0) : 0;
      const predictor = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : paeth(left, up, upLeft);
      pixels[row * stride + index] = (raw + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    bitDepth: header[8] ?? 0,
    colourType: header[9] ?? 0,
    interlace: header[12] ?? 0,
    chunks,
    inflatedLength: inflated.length,
    pixels,
  };
}
