import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ImageMapEntry } from '@trainops/kube-emulator';
import type { ProjectConfig } from '@trainops/projects';
import { stringify } from 'yaml';

// What the training pipeline reaches for outside the cluster, made locally: each project's git
// repository (cloned by the checkout step) and each dataset YAML in S3. The real URLs in the
// project files stay as they are: git's own `url.<local>.insteadOf` redirects the clone.

const run = promisify(execFile);

export interface SeededRepository {
  /** The URL in the project file. */
  remoteUrl: string;
  /** The local bare repository standing in for it. */
  localPath: string;
}

/** Creates (once) a bare repository per project source with a first commit. */
export async function seedGitRepositories(projects: readonly ProjectConfig[], gitDir: string): Promise<SeededRepository[]> {
  const seeded: SeededRepository[] = [];
  for (const project of projects) {
    const remoteUrl = project.source.repo;
    const localPath = path.join(gitDir, `${project.name}.git`);
    seeded.push({ remoteUrl, localPath });
    if (await exists(localPath)) continue;
    const work = await mkdtemp(path.join(tmpdir(), 'trainops-seed-'));
    try {
      await writeFile(path.join(work, 'README.md'), `# ${project.name}\n\n${project.description}\n\nA local stand-in for ${remoteUrl}.\n`);
      if (project.source.requirements) {
        await mkdir(path.dirname(path.join(work, project.source.requirements)), { recursive: true });
        await writeFile(path.join(work, project.source.requirements), '# installed in the image already\n');
      }
      if ('yaml' in project.dataset) {
        await mkdir(path.dirname(path.join(work, project.dataset.yaml)), { recursive: true });
        await writeFile(path.join(work, project.dataset.yaml), datasetYaml(project));
      }
      const git = (...args: string[]) => run('git', args, { cwd: work, env: { ...process.env, GIT_AUTHOR_NAME: 'trainops', GIT_AUTHOR_EMAIL: 'dev@trainops.local', GIT_COMMITTER_NAME: 'trainops', GIT_COMMITTER_EMAIL: 'dev@trainops.local' } });
      await git('init', '-q', '-b', project.source.revision);
      await git('add', '.');
      await git('commit', '-q', '-m', 'Seeded by the trainops dev stack');
      await mkdir(gitDir, { recursive: true });
      await run('git', ['clone', '-q', '--bare', work, localPath]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  return seeded;
}

/** The dataset YAML a project's training reads, naming its classes. */
export function datasetYaml(project: ProjectConfig): string {
  const classes = project.dataset.classes ?? ['object'];
  return stringify({ train: 'images/train', val: 'images/val', test: 'images/test', names: new Map(classes.map((name, index) => [index, name])) });
}

/** `s3://bucket/key` → its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match?.[1] || !match[2]) throw new Error(`not an s3://bucket/key URI: ${uri}`);
  return { bucket: match[1], key: match[2] };
}

/**
 * A git config file whose `url.<local>.insteadOf` rules send each project's URL to its seed.
 * It is handed to git as GIT_CONFIG_GLOBAL: the checkout step sets its own GIT_CONFIG_* variables
 * (for the credential helper), which a GIT_CONFIG_COUNT of ours would collide with.
 */
export async function writeGitRedirects(gitDir: string, repositories: readonly SeededRepository[]): Promise<string> {
  const file = path.join(gitDir, 'redirects.gitconfig');
  const rules = repositories.map((repository) => `[url "file://${repository.localPath}"]\n\tinsteadOf = ${repository.remoteUrl}\n`);
  await mkdir(gitDir, { recursive: true });
  await writeFile(file, rules.join(''));
  return file;
}

export interface DevImageMapOptions {
  yoloBinDir: string;
  gitRedirects: string;
  secondsPerEpoch?: number;
  /**
   * The stand-in's YOLO_STANDIN_KNOBS_FILE: a JSON file of knobs it reads at every start, so a
   * running stack can make its next runs fail (or lose results.csv) without a restart.
   */
  yoloKnobsFile?: string;
}

/**
 * The images the pipeline uses, as local commands: the Ultralytics image runs the `yolo`
 * stand-in, `alpine/git` runs the machine's git with each project's URL redirected to its seed.
 */
export function buildDevImageMap(options: DevImageMapOptions): ImageMapEntry[] {
  const yoloEnv: Record<string, string> = {
    ...(options.secondsPerEpoch === undefined ? {} : { YOLO_STANDIN_SECONDS_PER_EPOCH: String(options.secondsPerEpoch) }),
    ...(options.yoloKnobsFile === undefined ? {} : { YOLO_STANDIN_KNOBS_FILE: options.yoloKnobsFile }),
  };
  return [
    {
      image: 'ultralytics/ultralytics:*',
      path: options.yoloBinDir,
      ...(Object.keys(yoloEnv).length === 0 ? {} : { env: yoloEnv }),
    },
    { image: 'alpine/git:*', command: ['git'], env: { GIT_CONFIG_GLOBAL: options.gitRedirects } },
    { image: 'alpine*', command: ['sh'] },
    { image: 'busybox*', command: ['sh'] },
  ];
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
