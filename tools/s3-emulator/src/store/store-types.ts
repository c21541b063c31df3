// The records the emulator keeps, shared by the index (S3Store) and the backends that persist
// them. Timestamps are ISO strings so that they survive a JSON round trip unchanged.
import type { ChecksumAlgorithm, ChecksumType } from '../checksums.ts';

export interface BucketRecord {
  name: string;
  creationDate: string;
}

/** What S3 stores with an object and returns as headers. */
export interface ObjectMetadata {
  contentType: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  /** `x-amz-meta-*`, names lower-cased without the prefix. */
  userMetadata: Record<string, string>;
}

export interface ObjectChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, with `-N` for a composite multipart checksum. */
  value: string;
  type: ChecksumType;
}

export interface ObjectRecord {
  key: string;
  size: number;
  /** Quoted, as in the ETag header. */
  etag: string;
  lastModified: string;
  metadata: ObjectMetadata;
  checksum?: ObjectChecksum;
  /** Set for objects assembled by CompleteMultipartUpload. */
  partsCount?: number;
}

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  metadata: ObjectMetadata;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: string;
  /** Base64 checksums of the part, by algorithm. */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  /** Inclusive. */
  end: number;
}

export interface LoadedUpload {
  upload: UploadRecord;
  parts: PartRecord[];
}

export interface LoadedState {
  buckets: Array<{ bucket: BucketRecord; objects: ObjectRecord[] }>;
  uploads: LoadedUpload[];
}

/** Where bytes and records live: process memory, or files under a data directory. */
export interface StorageBackend {
  load(): Promise<LoadedState>;
  writeBucket(bucket: BucketRecord): Promise<void>;
  deleteBucket(name: string): Promise<void>;
  writeObject(bucket: string, object: ObjectRecord, body: Uint8Array | readonly Uint8Array[]): Promise<void>;
  readObject(bucket: string, object: ObjectRecord, range?: ByteRange): Promise<Buffer>;
  deleteObject(bucket: string, key: string): Promise<void>;
  writeUpload(upload: UploadRecord): Promise<void>;
  writePart(uploadId: string, part: PartRecord, body: Uint8Array): Promise<void>;
  readPart(uploadId: string, partNumber: number): Promise<Buffer>;
  deleteUpload(uploadId: string): Promise<void>;
}
