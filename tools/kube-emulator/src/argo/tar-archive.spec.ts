import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTarGz, extractTarGz, isGzip, parseTar } from './tar-archive.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'tar-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('artifact archives', () => {
  it('stores a single file under its base name and unpacks it to the destination path itself', async () => {
    const source = path.join(folder, 'hello_world.txt');
    await writeFile(source, 'hello world\n');
    const archive = await createTarGz(source);
    expect(isGzip(archive)).toBe(true);
    const destination = path.join(folder, 'in', 'message');
    await extractTarGz(archive, destination);
    expect(await readFile(destination, 'utf8')).toBe('hello world\n');
  });

  it('round-trips a folder with nested files and names longer than 100 characters', async () => {
    const source = path.join(folder, 'results');
    const deep = path.join(source, 'a'.repeat(60), 'b'.repeat(60));
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(source, 'results.csv'), 'epoch,loss\n1,0.5\n');
    await writeFile(path.join(deep, 'weights.pt'), Buffer.from([0, 1, 2, 255]));
    const destination = path.join(folder, 'out', 'run');
    await extractTarGz(await createTarGz(source), destination);
    expect((await readdir(destination)).sort()).toEqual(['a'.repeat(60), 'results.csv']);
    expect(await readFile(path.join(destination, 'a'.repeat(60), 'b'.repeat(60), 'weights.pt'))).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('refuses entries that would land outside the destination', async () => {
    const header = Buffer.alloc(512);
    header.write('../evil.txt', 0);
    header.write('0000644\0', 100);
    header.write('00000000000\0', 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    let sum = 0;
    header.fill(' ', 148, 156);
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const archive = gzipSync(Buffer.concat([header, Buffer.alloc(1024)]));
    expect(parseTar(Buffer.concat([header, Buffer.alloc(1024)]))[0]?.name).toBe('../evil.txt');
    await expect(extractTarGz(archive, path.join(folder, 'safe'))).rejects.toThrow('archive entry "../evil.txt" points outside the artifact');
    await expect(readFile(path.join(folder, 'evil.txt'))).rejects.toThrow();
  });
});
