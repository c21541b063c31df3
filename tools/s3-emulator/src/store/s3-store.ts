// The emulator's state: buckets, objects and multipart uploads, indexed in memory (listing is a
// scan of a sorted key array) over a backend that holds the bytes. The index changes only after
// the backend has written, and writes to one key are serialised, so a reader never sees a record
// whose bytes are not there yet.
import { bucketAlreadyOwnedByYou, bucketNotEmpty, noSuchBucket } from '../s3-errors.ts';
import type {
  BucketRecord,
  ByteRange,
  ObjectRecord,
  PartRecord,
  StorageBackend,
  UploadRecord,
} from './store-types.ts';

/** S3 lists keys in UTF-8 byte order, which is code point order (not UTF-16 unit order). */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    // A surrogate (a code point above U+FFFF) sorts after every other BMP character in UTF-8.
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

interface BucketState {
  record: BucketRecord;
  objects: Map<string, ObjectRecord>;
  sortedKeys: string[] | undefined;
}

interface UploadState {
  record: UploadRecord;
  parts: Map<number, PartRecord>;
}

export class S3Store {
  private readonly backend: StorageBackend;
  private readonly buckets = new Map<string, BucketState>();
  private readonly uploads = new Map<string, UploadState>();
  private readonly locks = new Map<string, Promise<unknown>>();

  private constructor(backend: StorageBackend) {
    this.backend = backend;
  }

  static async open(backend: StorageBackend): Promise<S3Store> {
    const store = new S3Store(backend);
    const state = await backend.load();
    for (const { bucket, objects } of state.buckets) {
      store.buckets.set(bucket.name, {
        record: bucket,
        objects: new Map(objects.map((object) => [object.key, object])),
        sortedKeys: undefined,
      });
    }
    for (const { upload, parts } of state.uploads) {
      if (!store.buckets.has(upload.bucket)) {
        await backend.deleteUpload(upload.uploadId);
        continue;
      }
      store.uploads.set(upload.uploadId, { record: upload, parts: new Map(parts.map((part) => [part.partNumber, part])) });
    }
    return store;
  }

  private async withLock<T>(name: string, action: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const run = previous.then(action, action);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(name, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(name) === settled) this.locks.delete(name);
    }
  }

  private bucketState(name: string): BucketState {
    const state = this.buckets.get(name);
    if (!state) throw noSuchBucket(name);
    return state;
  }

  listBuckets(): BucketRecord[] {
    return [...this.buckets.values()].map((state) => state.record).sort((a, b) => compareKeys(a.name, b.name));
  }

  getBucket(name: string): BucketRecord | undefined {
    return this.buckets.get(name)?.record;
  }

  /** Throws NoSuchBucket when it does not exist. */
  requireBucket(name: string): BucketRecord {
    return this.bucketState(name).record;
  }

  async createBucket(name: string, now: Date): Promise<BucketRecord> {
    return this.withLock(`bucket:${name}`, async () => {
      if (this.buckets.has(name)) throw bucketAlreadyOwnedByYou(name);
      const record: BucketRecord = { name, creationDate: now.toISOString() };
      await this.backend.writeBucket(record);
      this.buckets.set(name, { record, objects: new Map(), sortedKeys: [] });
      return record;
    });
  }

  async deleteBucket(name: string): Promise<void> {
    return this.withLock(`bucket:${name}`, async () => {
      const state = this.bucketState(name);
      if (state.objects.size > 0) throw bucketNotEmpty(name);
      // S3 drops the bucket's unfinished multipart uploads with it.
      for (const upload of this.listUploads(name)) await this.removeUpload(upload.uploadId);
      await this.backend.deleteBucket(name);
      this.buckets.delete(name);
    });
  }

  /** Throws NoSuchBucket; undefined when the key does not exist. */
  getObject(bucket: string, key: string): ObjectRecord | undefined {
    return this.bucketState(bucket).objects.get(key);
  }

  async readObject(bucket: string, object: ObjectRecord, range?: ByteRange): Promise<Buffer> {
    return this.backend.readObject(bucket, object, range);
  }

  /** Every object of the bucket in key order. Throws NoSuchBucket. */
  listObjects(bucket: string): ObjectRecord[] {
    const state = this.bucketState(bucket);
    state.sortedKeys ??= [...state.objects.keys()].sort(compareKeys);
    return state.sortedKeys.map((key) => state.objects.get(key) as ObjectRecord);
  }

  /**
   * Writes an object. `check` runs under the key's lock with the current record, for conditional
   * writes (If-None-Match / If-Match); it throws to refuse.
   */
  async putObject(
    bucket: string,
    object: ObjectRecord,
    body: Uint8Array | readonly Uint8Array[],
    check?: (current: ObjectRecord | undefined) => void,
  ): Promise<ObjectRecord> {
    return this.withLock(`object:${bucket}/${object.key}`, async () => {
      const state = this.bucketState(bucket);
      check?.(state.objects.get(object.key));
      await this.backend.writeObject(bucket, object, body);
      if (!state.objects.has(object.key)) state.sortedKeys = undefined;
      state.objects.set(object.key, object);
      return object;
    });
  }

  /** Returns whether there was something to delete. Throws NoSuchBucket. */
  async deleteObject(bucket: string, key: string): Promise<boolean> {
    return this.withLock(`object:${bucket}/${key}`, async () => {
      const state = this.bucketState(bucket);
      if (!state.objects.has(key)) return false;
      await this.backend.deleteObject(bucket, key);
      state.objects.delete(key);
      state.sortedKeys = undefined;
      return true;
    });
  }

  async createUpload(upload: UploadRecord): Promise<void> {
    this.bucketState(upload.bucket);
    await this.backend.writeUpload(upload);
    this.uploads.set(upload.uploadId, { record: upload, parts: new Map() });
  }

  getUpload(uploadId: string): UploadRecord | undefined {
    return this.uploads.get(uploadId)?.record;
  }

  /** The bucket's unfinished uploads, by key then initiation time. */
  listUploads(bucket: string): UploadRecord[] {
    return [...this.uploads.values()]
      .map((state) => state.record)
      .filter((upload) => upload.bucket === bucket)
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.localeCompare(b.initiated));
  }

  async putPart(uploadId: string, part: PartRecord, body: Uint8Array): Promise<void> {
    return this.withLock(`part:${uploadId}/${part.partNumber}`, async () => {
      const state = this.uploads.get(uploadId);
      if (!state) return;
      await this.backend.writePart(uploadId, part, body);
      state.parts.set(part.partNumber, part);
    });
  }

  listParts(uploadId: string): PartRecord[] {
    const state = this.uploads.get(uploadId);
    return state ? [...state.parts.values()].sort((a, b) => a.partNumber - b.partNumber) : [];
  }

  async readPart(uploadId: string, partNumber: number): Promise<Buffer> {
    return this.backend.readPart(uploadId, partNumber);
  }

  /** Forgets an upload and its parts (after CompleteMultipartUpload or AbortMultipartUpload). */
  async removeUpload(uploadId: string): Promise<void> {
    if (!this.uploads.has(uploadId)) return;
    this.uploads.delete(uploadId);
    await this.backend.deleteUpload(uploadId);
  }
}
