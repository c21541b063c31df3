import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoControllerOptionsError } from './errors.ts';
import { findImageEntry, loadImageMap, parseImageMap } from './image-map.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'image-map-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the image map', () => {
  it('matches images by glob, first entry first, untagged images as :latest', () => {
    const map = parseImageMap([{ image: 'ultralytics/ultralytics:*', command: ['yolo'] }, { image: 'busybox:latest', command: ['sh'] }, { image: '*', command: ['false'] }]);
    expect(findImageEntry(map, 'ultralytics/ultralytics:8.3.0')?.command).toEqual(['yolo']);
    expect(findImageEntry(map, 'busybox')?.command).toEqual(['sh']);
    expect(findImageEntry(map, 'anything/else:1')?.command).toEqual(['false']);
    expect(findImageEntry(parseImageMap([{ image: 'alpine:3.*' }]), 'alpine:latest')).toBeUndefined();
  });

  it('refuses malformed entries with a message that names the entry and the field', () => {
    const attempts: Array<[unknown, string]> = [
      [{ image: 'x' }, 'imageMap must be a list'],
      [[{ command: ['sh'] }], 'imageMap[0].image must be a non-empty glob'],
      [[{ image: 'a' }, { image: 'b', command: 'sh -c' }], 'imageMap[1].command must be a non-empty list of strings'],
      [[{ image: 'a', env: { A: 1 } }], 'imageMap[0].env must map names to string values'],
      [[{ image: 'a', entrypoint: ['sh'] }], 'imageMap[0] has an unknown key "entrypoint"'],
    ];
    for (const [value, message] of attempts) {
      expect(() => parseImageMap(value)).toThrow(ArgoControllerOptionsError);
      expect(() => parseImageMap(value)).toThrow(message);
    }
  });

  it('loads a YAML file and resolves relative paths from its folder', async () => {
    const file = path.join(folder, 'map.yaml');
    await writeFile(file, 'images:\n  - image: docker/whalesay*\n    command: [./bin/cowsay]\n    path: ./bin\n    env: { A: "1" }\n');
    const map = await loadImageMap(file);
    expect(map).toEqual([{ image: 'docker/whalesay*', command: [path.join(folder, 'bin', 'cowsay')], path: path.join(folder, 'bin'), env: { A: '1' } }]);
  });

  it('names the file when it cannot be read or parsed', async () => {
    await expect(loadImageMap(path.join(folder, 'missing.yaml'))).rejects.toThrow(`imageMap file ${path.join(folder, 'missing.yaml')} cannot be read`);
    const bad = path.join(folder, 'bad.yaml');
    await writeFile(bad, '- image: [unclosed');
    await expect(loadImageMap(bad)).rejects.toThrow(`imageMap file ${bad} is not valid YAML`);
  });
});
