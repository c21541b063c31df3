// Keeps bytes in process memory: the default, for tests and throwaway runs. Records live in the
// S3Store index only, so load() starts empty.
import type { ByteRange, LoadedState, ObjectRecord, PartRecord, StorageBackend, UploadRecord } from './store-types.ts';

function copyOf(body: Uint8Array | readonly Uint8Array[]): Buffer {
  // Copied so that a caller reusing its buffer cannot change a stored object.
  return body instanceof Uint8Array ? Buffer.from(body) : Buffer.concat(body);
}

export function createMemoryBackend(): StorageBackend {
  const objects = new Map<string, Map<string, Buffer>>();
  const parts = new Map<string, Map<number, Buffer>>();

  const bucketObjects = (bucket: string): Map<string, Buffer> => {
    let map = objects.get(bucket);
    if (!map) {
      map = new Map();
      objects.set(bucket, map);
    }
    return map;
  };

  return {
    async load(): Promise<LoadedState> {
      return { buckets: [], uploads: [] };
    },
    async writeBucket(bucket) {
      bucketObjects(bucket.name);
    },
    async deleteBucket(name) {
      objects.delete(name);
    },
    async writeObject(bucket: string, object: ObjectRecord, body) {
      bucketObjects(bucket).set(object.key, copyOf(body));
    },
    async readObject(bucket: string, object: ObjectRecord, range?: ByteRange) {
      const body = objects.get(bucket)?.get(object.key);
      if (!body) throw new Error(`memory backend lost the body of ${bucket}/${object.key}`);
      return range ? body.subarray(range.start, range.end + 1) : body;
    },
    async deleteObject(bucket, key) {
      objects.get(bucket)?.delete(key);
    },
    async writeUpload(upload: UploadRecord) {
      if (!parts.has(upload.uploadId)) parts.set(upload.uploadId, new Map());
    },
    async writePart(uploadId: string, part: PartRecord, body) {
      parts.get(uploadId)?.set(part.partNumber, copyOf(body));
    },
    async readPart(uploadId, partNumber) {
      const body = parts.get(uploadId)?.get(partNumber);
      if (!body) throw new Error(`memory backend lost part ${partNumber} of upload ${uploadId}`);
      return body;
    },
    async deleteUpload(uploadId) {
      parts.delete(uploadId);
    },
  };
}
