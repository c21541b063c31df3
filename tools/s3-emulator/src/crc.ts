// The two CRCs S3 accepts that node:zlib does not provide (zlib has CRC32 only). Table-driven,
// reflected, as the S3 checksum specification defines them; digests are big-endian like S3's.

const CRC32C_TABLE = new Uint32Array(256);
for (let i = 0; i < 256; i += 1) {
  let crc = i;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0x82f63b78 ^ (crc >>> 1) : crc >>> 1;
  CRC32C_TABLE[i] = crc >>> 0;
}

/** CRC-32C (Castagnoli). Pass the previous result to continue over more data. */
export function crc32c(data: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i += 1) {
    crc = (crc >>> 8) ^ (CRC32C_TABLE[(crc ^ (data[i] as number)) & 0xff] as number);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// CRC-64/NVME, reflected polynomial 0x9A6C9329AC4BC9B5. JavaScript has no fast 64-bit integers,
// so the register is kept as two 32-bit halves (BigInt would be ~50x slower on multi-MiB parts).
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
for (let i = 0; i < 256; i += 1) {
  let hi = 0;
  let lo = i;
  for (let bit = 0; bit < 8; bit += 1) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ 0x9a6c9329) >>> 0;
      lo = (lo ^ 0xac4bc9b5) >>> 0;
    }
  }
  CRC64_HI[i] = hi;
  CRC64_LO[i] = lo;
}

/** The running state of a CRC-64/NVME; `digest` gives the 8 big-endian bytes. */
export class Crc64Nvme {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(data: Uint8Array): this {
    let { hi, lo } = this;
    for (let i = 0; i < data.length; i += 1) {
      const index = (lo ^ (data[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (CRC64_LO[index] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (CRC64_HI[index] as number)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}
