import { describe, expect, it } from 'vitest';
import { computeChecksum, computeChecksumDigest, computeCompositeChecksum, parseChecksumAlgorithm } from './checksums.ts';

const check = Buffer.from('123456789');

describe('checksums', () => {
  it('computes the catalogued check value of every verifiable algorithm', () => {
    // "123456789" check values from the CRC catalogue (CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME).
    expect(computeChecksumDigest('CRC32', check)?.toString('hex')).toBe('cbf43926');
    expect(computeChecksumDigest('CRC32C', check)?.toString('hex')).toBe('e3069283');
    expect(computeChecksumDigest('CRC64NVME', check)?.toString('hex')).toBe('ae8b14860a799888');
    expect(computeChecksumDigest('SHA1', check)?.toString('hex')).toBe('f7c3bc1d808e04732adf679965ccc34ca7ae3441');
    expect(computeChecksumDigest('MD5', check)?.toString('hex')).toBe('25f9e794323b453885f5181f1b624d0b');
  });

  it('gives the same CRC over split input as over the whole', () => {
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
      expect(computeChecksum(algorithm, [check.subarray(0, 4), check.subarray(4)])).toBe(computeChecksum(algorithm, check));
    }
  });

  it('cannot compute the XXHASH family and says so with undefined', () => {
    expect(computeChecksum('XXHASH64', check)).toBeUndefined();
  });

  it('builds a composite checksum from part checksums with the part count', () => {
    const parts = [computeChecksum('CRC32', Buffer.from('a')) as string, computeChecksum('CRC32', Buffer.from('b')) as string];
    const expected = computeChecksum('CRC32', Buffer.concat(parts.map((part) => Buffer.from(part, 'base64'))));
    expect(computeCompositeChecksum('CRC32', parts)).toBe(`${expected}-2`);
  });

  it('reads algorithm names in any case and refuses unknown ones', () => {
    expect(parseChecksumAlgorithm('crc64nvme')).toBe('CRC64NVME');
    expect(parseChecksumAlgorithm('adler32')).toBeUndefined();
  });
});
