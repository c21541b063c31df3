// S3's additional checksums (x-amz-checksum-*): which algorithms exist, how each is computed, and
// how multipart uploads combine them. The XXHASH family is accepted and stored as sent but not
// verified: node has no xxhash and the emulator takes no dependencies.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc64Nvme, crc32c } from './crc.ts';

export const checksumAlgorithms = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
  'SHA512',
  'MD5',
  'XXHASH64',
  'XXHASH3',
  'XXHASH128',
] as const;
export type ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

export const checksumTypes = ['COMPOSITE', 'FULL_OBJECT'] as const;
export type ChecksumType = (typeof checksumTypes)[number];

export function parseChecksumAlgorithm(value: string): ChecksumAlgorithm | undefined {
  const upper = value.trim().toUpperCase();
  return checksumAlgorithms.find((algorithm) => algorithm === upper);
}

export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The XML element name S3 uses for this checksum (`ChecksumCRC32`, `ChecksumSHA256`, …). */
export function checksumElementName(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

/** S3's default: CRC64NVME is only ever a full-object checksum, the others compose per part. */
export function defaultChecksumType(algorithm: ChecksumAlgorithm): ChecksumType {
  return algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE';
}

export interface ChecksumHasher {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

function uint32Digest(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

/** A hasher for the algorithm, or undefined when the emulator cannot compute it (XXHASH*). */
export function createChecksumHasher(algorithm: ChecksumAlgorithm): ChecksumHasher | undefined {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0;
      return { update: (data) => void (value = crc32(data, value)), digest: () => uint32Digest(value) };
    }
    case 'CRC32C': {
      let value = 0;
      return { update: (data) => void (value = crc32c(data, value)), digest: () => uint32Digest(value) };
    }
    case 'CRC64NVME': {
      const crc = new Crc64Nvme();
      return { update: (data) => void crc.update(data), digest: () => crc.digest() };
    }
    case 'SHA1':
    case 'SHA256':
    case 'SHA512':
    case 'MD5': {
      const hash = createHash(algorithm.toLowerCase());
      return { update: (data) => void hash.update(data), digest: () => hash.digest() };
    }
    default:
      return undefined;
  }
}

/** The raw digest over one or more buffers, in order; undefined when not computable. */
export function computeChecksumDigest(algorithm: ChecksumAlgorithm, data: Uint8Array | readonly Uint8Array[]): Buffer | undefined {
  const hasher = createChecksumHasher(algorithm);
  if (!hasher) return undefined;
  for (const chunk of data instanceof Uint8Array ? [data] : data) hasher.update(chunk);
  return hasher.digest();
}

/** The base64 value as it travels in `x-amz-checksum-*`; undefined when not computable. */
export function computeChecksum(algorithm: ChecksumAlgorithm, data: Uint8Array | readonly Uint8Array[]): string | undefined {
  return computeChecksumDigest(algorithm, data)?.toString('base64');
}

/**
 * A multipart upload's COMPOSITE checksum: the checksum of the concatenated part digests,
 * suffixed with the part count (`…-3`), as S3 reports it.
 */
export function computeCompositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): string | undefined {
  const digests = partChecksums.map((value) => Buffer.from(value, 'base64'));
  const combined = computeChecksum(algorithm, digests);
  return combined === undefined ? undefined : `${combined}-${partChecksums.length}`;
}
