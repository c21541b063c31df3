// Keeps objects as files under a data directory so that they survive a restart (the dev stack's
// mode). Layout:
//
//   <dataDir>/buckets/<bucket>/bucket.json
//   <dataDir>/buckets/<bucket>/objects/<sha256(key)>.json      sidecar: the ObjectRecord + body file
//   <dataDir>/buckets/<bucket>/objects/<sha256(key)>.<id>.bin  the bytes
//   <dataDir>/uploads/<uploadId>/upload.json, part-<n>.json, part-<n>.bin
//
// Keys are hashed because S3 keys may be 1024 bytes, contain any character, and be both a
// "file" and a "directory" (`a` and `a/b`). Every file is written to a temporary name and renamed
// into place; each version of an object gets its own body file (named from the record) and the
// sidecar switches to it atomically, so a crash leaves either the old object or the new one, and
// a reader holding the old record reads the old bytes or none, never the new bytes.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  BucketRecord,
  ByteRange,
  LoadedState,
  LoadedUpload,
  ObjectRecord,
  PartRecord,
  StorageBackend,
  UploadRecord,
} from './store-types.ts';

const FORMAT = 1;

interface ObjectSidecar {
  format: number;
  /** For people browsing the directory; the name is always derived from the record. */
  file: string;
  object: ObjectRecord;
}

function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The body file of one version of an object, derived from its record. */
function bodyFileName(object: ObjectRecord): string {
  const version = createHash('sha256').update(`${object.etag}\n${object.lastModified}\n${object.size}`).digest('hex').slice(0, 16);
  return `${keyHash(object.key)}.${version}.bin`;
}

async function writeAtomically(file: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const temporary = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  if (typeof data === 'string' || data instanceof Uint8Array) {
    await writeFile(temporary, data);
  } else {
    const handle = await open(temporary, 'w');
    try {
      for (const chunk of data) await handle.write(chunk);
    } finally {
      await handle.close();
    }
  }
  await rename(temporary, file);
}

async function readJson<T>(file: string): Promise<T> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`The S3 emulator data file ${file} is not valid JSON; remove it or the data directory.`, { cause: error });
  }
}

async function listDirectory(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export function createDiskBackend(dataDir: string): StorageBackend {
  const root = path.resolve(dataDir);
  const bucketDir = (bucket: string) => path.join(root, 'buckets', bucket);
  const objectDir = (bucket: string) => path.join(bucketDir(bucket), 'objects');
  const sidecarFile = (bucket: string, key: string) => path.join(objectDir(bucket), `${keyHash(key)}.json`);
  const uploadDir = (uploadId: string) => path.join(root, 'uploads', uploadId);

  async function loadObjects(bucket: string): Promise<ObjectRecord[]> {
    const directory = objectDir(bucket);
    const names = await listDirectory(directory);
    const referenced = new Set<string>();
    const objects: ObjectRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const sidecar = await readJson<ObjectSidecar>(path.join(directory, name));
      if (sidecar.format !== FORMAT || typeof sidecar.object?.key !== 'string') {
        throw new Error(`The S3 emulator data file ${path.join(directory, name)} has an unknown format.`);
      }
      const file = bodyFileName(sidecar.object);
      if (!(await fileExists(path.join(directory, file)))) {
        throw new Error(`The S3 emulator data file ${path.join(directory, file)} is missing (object "${sidecar.object.key}").`);
      }
      referenced.add(file);
      objects.push(sidecar.object);
    }
    // Bodies no sidecar points at are left over from an overwrite or a write cut short.
    for (const name of names) {
      if (name.includes('.tmp-') || (name.endsWith('.bin') && !referenced.has(name))) {
        await rm(path.join(directory, name), { force: true });
      }
    }
    return objects;
  }

  async function loadUploads(): Promise<LoadedUpload[]> {
    const uploads: LoadedUpload[] = [];
    for (const uploadId of await listDirectory(path.join(root, 'uploads'))) {
      const directory = uploadDir(uploadId);
      if (!(await fileExists(path.join(directory, 'upload.json')))) {
        await rm(directory, { recursive: true, force: true });
        continue;
      }
      const upload = await readJson<UploadRecord>(path.join(directory, 'upload.json'));
      const parts: PartRecord[] = [];
      for (const name of await listDirectory(directory)) {
        if (/^part-\d+\.json$/.test(name)) parts.push(await readJson<PartRecord>(path.join(directory, name)));
      }
      uploads.push({ upload, parts: parts.sort((a, b) => a.partNumber - b.partNumber) });
    }
    return uploads;
  }

  return {
    async load(): Promise<LoadedState> {
      await mkdir(path.join(root, 'buckets'), { recursive: true });
      await mkdir(path.join(root, 'uploads'), { recursive: true });
      const buckets: LoadedState['buckets'] = [];
      for (const name of await listDirectory(path.join(root, 'buckets'))) {
        const file = path.join(bucketDir(name), 'bucket.json');
        if (!(await fileExists(file))) continue;
        const bucket = await readJson<BucketRecord>(file);
        buckets.push({ bucket, objects: await loadObjects(name) });
      }
      return { buckets, uploads: await loadUploads() };
    },

    async writeBucket(bucket) {
      await mkdir(objectDir(bucket.name), { recursive: true });
      await writeAtomically(path.join(bucketDir(bucket.name), 'bucket.json'), JSON.stringify(bucket, null, 2));
    },

    async deleteBucket(name) {
      await rm(bucketDir(name), { recursive: true, force: true });
    },

    async writeObject(bucket, object, body) {
      const directory = objectDir(bucket);
      const sidecarPath = sidecarFile(bucket, object.key);
      const previous = (await fileExists(sidecarPath)) ? await readJson<ObjectSidecar>(sidecarPath) : undefined;
      const file = bodyFileName(object);
      await writeAtomically(path.join(directory, file), body);
      const sidecar: ObjectSidecar = { format: FORMAT, file, object };
      await writeAtomically(sidecarPath, JSON.stringify(sidecar, null, 2));
      const previousFile = previous ? bodyFileName(previous.object) : undefined;
      if (previousFile !== undefined && previousFile !== file) await rm(path.join(directory, previousFile), { force: true });
    },

    async readObject(bucket, object, range?: ByteRange) {
      const file = path.join(objectDir(bucket), bodyFileName(object));
      if (!range) return readFile(file);
      const length = range.end - range.start + 1;
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, range.start);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },

    async deleteObject(bucket, key) {
      const sidecarPath = sidecarFile(bucket, key);
      if (!(await fileExists(sidecarPath))) return;
      const sidecar = await readJson<ObjectSidecar>(sidecarPath);
      await rm(sidecarPath, { force: true });
      await rm(path.join(objectDir(bucket), bodyFileName(sidecar.object)), { force: true });
    },

    async writeUpload(upload) {
      await mkdir(uploadDir(upload.uploadId), { recursive: true });
      await writeAtomically(path.join(uploadDir(upload.uploadId), 'upload.json'), JSON.stringify(upload, null, 2));
    },

    async writePart(uploadId, part, body) {
      const directory = uploadDir(uploadId);
      await writeAtomically(path.join(directory, `part-${part.partNumber}.bin`), body);
      await writeAtomically(path.join(directory, `part-${part.partNumber}.json`), JSON.stringify(part, null, 2));
    },

    async readPart(uploadId, partNumber) {
      return readFile(path.join(uploadDir(uploadId), `part-${partNumber}.bin`));
    },

    async deleteUpload(uploadId) {
      await rm(uploadDir(uploadId), { recursive: true, force: true });
    },
  };
}
