// Argo's default artifact archive: a gzipped tar holding the path under its base name. Written here
// (ustar, with PAX records for long names) so archives need no outside tool and read back anywhere.
import { lstat, mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const block = 512;

interface TarEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  data?: Buffer;
  linkTarget?: string;
  mtime: number;
}

function writeField(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'utf8');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length;
  while (`${length}${body}`.length !== length) length = `${length}${body}`.length;
  return `${length}${body}`;
}

function buildHeader(entry: { name: string; typeflag: string; mode: number; size: number; mtime: number; linkTarget?: string }): Buffer {
  const header = Buffer.alloc(block);
  writeField(header, 0, 100, entry.name);
  writeField(header, 100, 8, octal(entry.mode & 0o7777, 8));
  writeField(header, 108, 8, octal(0, 8));
  writeField(header, 116, 8, octal(0, 8));
  writeField(header, 124, 12, octal(entry.size, 12));
  writeField(header, 136, 12, octal(Math.floor(entry.mtime), 12));
  header.fill(' ', 148, 156);
  writeField(header, 156, 1, entry.typeflag);
  if (entry.linkTarget) writeField(header, 157, 100, entry.linkTarget);
  writeField(header, 257, 6, 'ustar\0');
  writeField(header, 263, 2, '00');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  writeField(header, 148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % block;
  return rest === 0 ? [data] : [data, Buffer.alloc(block - rest)];
}

function encodeEntry(entry: TarEntry): Buffer[] {
  const name = entry.type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  const parts: Buffer[] = [];
  const needsPax = Buffer.byteLength(name) > 100 || Buffer.byteLength(entry.linkTarget ?? '') > 100;
  if (needsPax) {
    const records = Buffer.from(paxRecord('path', name) + (entry.linkTarget ? paxRecord('linkpath', entry.linkTarget) : ''), 'utf8');
    parts.push(buildHeader({ name: 'PaxHeader', typeflag: 'x', mode: 0o644, size: records.length, mtime: entry.mtime }), ...padded(records));
  }
  const typeflag = entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2';
  const data = entry.type === 'file' ? (entry.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
  parts.push(buildHeader({ name, typeflag, mode: entry.mode, size: data.length, mtime: entry.mtime, linkTarget: entry.linkTarget }));
  if (data.length > 0) parts.push(...padded(data));
  return parts;
}

async function collectEntries(hostPath: string, name: string, entries: TarEntry[]): Promise<void> {
  const info = await lstat(hostPath);
  const mtime = info.mtimeMs / 1000;
  if (info.isSymbolicLink()) {
    entries.push({ name, type: 'symlink', mode: 0o777, linkTarget: await readlink(hostPath), mtime });
  } else if (info.isDirectory()) {
    entries.push({ name, type: 'directory', mode: info.mode, mtime });
    for (const child of (await readdir(hostPath)).sort()) await collectEntries(path.join(hostPath, child), `${name}/${child}`, entries);
  } else if (info.isFile()) {
    entries.push({ name, type: 'file', mode: info.mode, data: await readFile(hostPath), mtime });
  }
}

/** A .tgz of a file or folder, stored under its base name (what Argo's executor uploads). */
export async function createTarGz(hostPath: string): Promise<Buffer> {
  const entries: TarEntry[] = [];
  await collectEntries(hostPath, path.basename(hostPath), entries);
  const parts = entries.flatMap(encodeEntry);
  parts.push(Buffer.alloc(block * 2));
  return gzipAsync(Buffer.concat(parts));
}

function readString(buffer: Buffer, offset: number, length: number): string {
  const raw = buffer.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

function readOctal(buffer: Buffer, offset: number, length: number): number {
  const text = readString(buffer, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(data.subarray(offset, space).toString('utf8'));
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

export function parseTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pendingName: string | undefined;
  let pendingLink: string | undefined;
  while (offset + block <= archive.length) {
    const header = archive.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) break;
    const size = readOctal(header, 124, 12);
    const typeflag = String.fromCharCode(header[156] ?? 0);
    const data = archive.subarray(offset + block, offset + block + size);
    offset += block + Math.ceil(size / block) * block;
    if (typeflag === 'x') {
      const pax = parsePax(data);
      pendingName = pax.path ?? pendingName;
      pendingLink = pax.linkpath ?? pendingLink;
      continue;
    }
    if (typeflag === 'L') {
      pendingName = readString(data, 0, data.length);
      continue;
    }
    if (typeflag === 'g') continue;
    const prefix = readString(header, 345, 155);
    const baseName = readString(header, 0, 100);
    const name = pendingName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    const linkTarget = pendingLink ?? readString(header, 157, 100);
    pendingName = undefined;
    pendingLink = undefined;
    const mode = readOctal(header, 100, 8);
    const mtime = readOctal(header, 136, 12);
    if (typeflag === '5') entries.push({ name: name.replace(/\/+$/, ''), type: 'directory', mode, mtime });
    else if (typeflag === '2') entries.push({ name, type: 'symlink', mode, linkTarget, mtime });
    else if (typeflag === '0' || typeflag === '\0' || typeflag === '7') entries.push({ name, type: 'file', mode, data: Buffer.from(data), mtime });
  }
  return entries;
}

function safeRelative(name: string): string {
  const normalized = path.posix.normalize(name.replace(/^\.\/+/, ''));
  if (normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../')) throw new Error(`archive entry "${name}" points outside the artifact`);
  return normalized;
}

export function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/**
 * Unpacks a .tgz to `destPath` as Argo's executor does: a single top-level entry becomes `destPath`
 * itself (a file stays a file), several entries become the contents of the folder `destPath`.
 */
export async function extractTarGz(archive: Buffer, destPath: string): Promise<void> {
  const entries = parseTar(await gunzipAsync(archive));
  const staging = `${destPath}.tmpdir`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const topLevel = new Set<string>();
  for (const entry of entries) {
    const relative = safeRelative(entry.name);
    if (relative === '.') continue;
    topLevel.add(relative.split('/')[0] ?? relative);
    const target = path.join(staging, relative);
    if (entry.type === 'directory') {
      await mkdir(target, { recursive: true });
    } else if (entry.type === 'symlink') {
      const resolved = path.resolve(path.dirname(target), entry.linkTarget ?? '');
      if (!resolved.startsWith(staging + path.sep)) continue;
      await mkdir(path.dirname(target), { recursive: true });
      await symlink(entry.linkTarget ?? '', target);
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, entry.data ?? Buffer.alloc(0), { mode: entry.mode & 0o777 || 0o644 });
    }
  }
  await rm(destPath, { recursive: true, force: true });
  await mkdir(path.dirname(destPath), { recursive: true });
  const [only] = [...topLevel];
  if (topLevel.size === 1 && only !== undefined) {
    await rename(path.join(staging, only), destPath);
    await rm(staging, { recursive: true, force: true });
  } else {
    await rename(staging, destPath);
  }
}
