import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadProjectRegistry } from '@trainops/projects';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDevImageMap, datasetYaml, parseS3Uri, seedGitRepositories, writeGitRedirects } from './local-seeds.ts';

const run = promisify(execFile);
const projectsDir = path.resolve(import.meta.dirname, '../../../config/projects');

describe('the local seeds', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'trainops-seeds-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("make each project's repository clonable under its real URL through git's insteadOf", async () => {
    const projects = (await loadProjectRegistry({ dir: projectsDir })).list();
    const repositories = await seedGitRepositories(projects, path.join(dir, 'git'));
    // Seeding twice keeps the first repository.
    expect(await seedGitRepositories(projects, path.join(dir, 'git'))).toEqual(repositories);

    const gitRedirects = await writeGitRedirects(path.join(dir, 'git'), repositories);
    const gitEntry = buildDevImageMap({ yoloBinDir: '/bin', gitRedirects }).find((entry) => entry.image === 'alpine/git:*');
    const pcb = projects.find((project) => project.name === 'pcb-defect')!;
    // The checkout step sets GIT_CONFIG_* for its credential helper: the redirect must survive that.
    const stepEnv = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'credential.helper', GIT_CONFIG_VALUE_0: '' };
    await run('git', ['clone', '-q', pcb.source.repo, path.join(dir, 'clone')], { env: { ...process.env, ...gitEntry?.env, ...stepEnv } });
    const { stdout } = await run('git', ['-C', path.join(dir, 'clone'), 'ls-files']);
    expect(stdout.split('\n')).toContain('README.md');
  });

  it('map the Ultralytics image to the yolo stand-in before any catch-all', () => {
    const map = buildDevImageMap({ yoloBinDir: '/repo/tools/yolo-stand-in/bin', gitRedirects: '/data/git/redirects.gitconfig' });
    expect(map.map((entry) => entry.image)).toEqual(['ultralytics/ultralytics:*', 'alpine/git:*', 'alpine*', 'busybox*']);
    expect(map[0]).toEqual({ image: 'ultralytics/ultralytics:*', path: '/repo/tools/yolo-stand-in/bin' });
  });

  it('hand the yolo stand-in its epoch length and knobs file', () => {
    const map = buildDevImageMap({ yoloBinDir: '/bin', gitRedirects: '/git', secondsPerEpoch: 0.5, yoloKnobsFile: '/data/yolo-stand-in.json' });
    expect(map[0]?.env).toEqual({ YOLO_STANDIN_SECONDS_PER_EPOCH: '0.5', YOLO_STANDIN_KNOBS_FILE: '/data/yolo-stand-in.json' });
  });

  it('write a dataset YAML with the classes in order and split S3 URIs', async () => {
    const pcb = (await loadProjectRegistry({ dir: projectsDir })).get('pcb-defect');
    expect(datasetYaml(pcb)).toContain('names:\n  0: open\n  1: short\n');
    expect(parseS3Uri('s3://trainops-datasets/deeppcb/v1/data.yaml')).toEqual({ bucket: 'trainops-datasets', key: 'deeppcb/v1/data.yaml' });
    expect(() => parseS3Uri('https://example.com/data.yaml')).toThrow('not an s3://bucket/key URI');
  });
});
