// Input artifacts into a pod's folders and output artifacts out to S3, as Argo's executor does:
// archives are .tgz unless `archive: none`, keys come from the artifact or the repository's keyFormat.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { S3RepositoryOptions } from './artifact-repository.ts';
import { assertLoopbackUrl } from './loopback.ts';
import { createS3Client, type S3Client, type S3Location } from './s3-client.ts';
import { substituteText } from './substitution.ts';
import { createTarGz, extractTarGz, isGzip } from './tar-archive.ts';
import type { Artifact } from './types.ts';

const execFileAsync = promisify(execFile);

export interface ArtifactIo {
  /** The default repository, if any. */
  repository?: S3RepositoryOptions;
  /** Reads `name`/`key` of a Secret in the workflow's namespace. */
  readSecret(selector: { name?: string; key?: string }, what: string): Promise<string>;
  /** For keyFormat: workflow.name, pod.name, … */
  keyParams: ReadonlyMap<string, string>;
  hostPath: string;
}

type S3Spec = NonNullable<Artifact['s3']>;

async function resolveS3(spec: S3Spec | undefined, io: ArtifactIo, what: string): Promise<{ client: S3Client; location: S3Location }> {
  const explicit = spec?.endpoint !== undefined && spec.endpoint !== '';
  const repository = io.repository;
  if (!explicit && !repository) throw new Error(`${what}: no artifact repository is configured and the artifact names no S3 endpoint`);
  let location: S3Location;
  if (explicit) {
    const accessKeyId = spec?.accessKeySecret ? await io.readSecret(spec.accessKeySecret, 'accessKeySecret') : repository?.accessKeyId;
    const secretAccessKey = spec?.secretKeySecret ? await io.readSecret(spec.secretKeySecret, 'secretKeySecret') : repository?.secretAccessKey;
    if (!accessKeyId || !secretAccessKey) throw new Error(`${what}: S3 endpoint ${spec?.endpoint ?? ''} needs accessKeySecret and secretKeySecret`);
    location = {
      endpoint: spec?.endpoint ?? '',
      bucket: spec?.bucket ?? repository?.bucket ?? '',
      accessKeyId,
      secretAccessKey,
      region: spec?.region ?? repository?.region,
      insecure: spec?.insecure ?? repository?.insecure,
      forcePathStyle: repository?.forcePathStyle,
    };
  } else if (repository) {
    location = { ...repository, bucket: spec?.bucket || repository.bucket };
  } else {
    throw new Error(`${what}: no S3 location`);
  }
  if (!location.bucket) throw new Error(`${what}: S3 artifact needs a bucket`);
  return { client: createS3Client(location), location };
}

async function placeDownloaded(data: Buffer, hostPath: string, mode: number | undefined): Promise<void> {
  await rm(hostPath, { recursive: true, force: true });
  await mkdir(path.dirname(hostPath), { recursive: true });
  if (isGzip(data)) {
    try {
      await extractTarGz(data, hostPath);
      return;
    } catch {
      await rm(`${hostPath}.tmpdir`, { recursive: true, force: true });
    }
  }
  await writeFile(hostPath, data);
  if (mode !== undefined) await chmod(hostPath, mode);
}

function localGitPath(repo: string): string {
  if (repo.startsWith('file://')) return fileURLToPath(repo);
  if (path.isAbsolute(repo)) return repo;
  throw new Error(`git repo "${repo}" is not local: only a local path or file:// URL can be cloned here (no outside network)`);
}

async function cloneGit(git: NonNullable<Artifact['git']>, hostPath: string, io: ArtifactIo): Promise<void> {
  const source = localGitPath(git.repo);
  await rm(hostPath, { recursive: true, force: true });
  await mkdir(path.dirname(hostPath), { recursive: true });
  const env = { PATH: io.hostPath, GIT_TERMINAL_PROMPT: '0', HOME: path.dirname(hostPath) };
  const clone = ['-c', 'protocol.allow=never', '-c', 'protocol.file.allow=always', 'clone', '--quiet'];
  if (git.depth !== undefined && git.depth > 0) clone.push('--depth', String(git.depth), '--no-single-branch');
  if (git.branch) clone.push('--branch', git.branch);
  await execFileAsync('git', [...clone, '--', source.startsWith('/') ? `file://${source}` : source, hostPath], { env });
  if (git.revision) await execFileAsync('git', ['-c', 'advice.detachedHead=false', '-C', hostPath, 'checkout', '--quiet', git.revision], { env });
}

/** Puts one input artifact at `hostPath`. */
export async function loadInputArtifact(artifact: Artifact, hostPath: string, io: ArtifactIo): Promise<void> {
  const what = `input artifact "${artifact.name}"`;
  if (artifact.raw) {
    await mkdir(path.dirname(hostPath), { recursive: true });
    await writeFile(hostPath, artifact.raw.data ?? '');
    if (artifact.mode !== undefined) await chmod(hostPath, artifact.mode);
    return;
  }
  if (artifact.git) {
    await cloneGit(artifact.git, hostPath, io);
    return;
  }
  if (artifact.http) {
    const url = new URL(artifact.http.url);
    assertLoopbackUrl(url, `${what}: http`);
    const headers: Record<string, string> = {};
    for (const header of artifact.http.headers ?? []) headers[header.name] = header.value;
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`${what}: GET ${url.href} answered ${response.status} ${response.statusText}`);
    await placeDownloaded(Buffer.from(await response.arrayBuffer()), hostPath, artifact.mode);
    return;
  }
  if (artifact.s3) {
    const key = artifact.s3.key ?? '';
    const { client } = await resolveS3(artifact.s3, io, what);
    if (key.endsWith('/') || key === '') {
      await downloadPrefix(client, key, hostPath);
      return;
    }
    let data: Buffer;
    try {
      data = await client.getObject(key);
    } catch (error) {
      const keys = await client.listKeys(`${key}/`).catch(() => []);
      if (keys.length === 0) throw error;
      await downloadPrefix(client, `${key}/`, hostPath);
      return;
    }
    await placeDownloaded(data, hostPath, artifact.mode);
    return;
  }
  const kind = ['artifactory', 'gcs', 'oss', 'hdfs', 'azure', 'plugin'].find((name) => (artifact as unknown as Record<string, unknown>)[name] !== undefined);
  throw new Error(`${what}: ${kind ?? 'this'} artifacts are not supported by the local controller (use s3, git, http, raw)`);
}

async function downloadPrefix(client: S3Client, prefix: string, hostPath: string): Promise<void> {
  await rm(hostPath, { recursive: true, force: true });
  await mkdir(hostPath, { recursive: true });
  for (const key of await client.listKeys(prefix)) {
    const relative = key.slice(prefix.length);
    if (relative === '' || relative.split('/').includes('..')) continue;
    const target = path.join(hostPath, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await client.getObject(key));
  }
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

export function buildDefaultKey(io: ArtifactIo, fileName: string): string {
  const format = io.repository?.keyFormat ?? '{{workflow.name}}/{{pod.name}}';
  return `${substituteText(format, io.keyParams).replace(/\/+$/, '')}/${fileName}`;
}

/** Uploads an output artifact from `hostPath`; returns the artifact as the node's status records it. */
export async function saveOutputArtifact(artifact: Artifact, hostPath: string, io: ArtifactIo): Promise<Artifact | undefined> {
  const what = `output artifact "${artifact.name}"`;
  const exists = await stat(hostPath).then(
    (info) => info,
    () => undefined,
  );
  if (!exists) {
    if (artifact.optional) return undefined;
    throw new Error(`${what}: ${artifact.path ?? hostPath}: no such file or directory`);
  }
  const archiveNone = artifact.archive?.none !== undefined;
  if (artifact.archive?.zip !== undefined) throw new Error(`${what}: zip archives are not supported by the local controller (use tar or none)`);
  const explicitKey = artifact.s3?.key;
  const key = explicitKey ?? buildDefaultKey(io, archiveNone ? path.basename(hostPath) : `${artifact.name}.tgz`);
  const { client } = await resolveS3(artifact.s3, io, what);
  if (archiveNone && exists.isDirectory()) {
    for (const file of await listFiles(hostPath)) await client.putObject(`${key.replace(/\/+$/, '')}/${file}`, await readFile(path.join(hostPath, file)));
  } else if (archiveNone) {
    await client.putObject(key, await readFile(hostPath));
  } else {
    await client.putObject(key, await createTarGz(hostPath));
  }
  const recorded: Artifact = { ...artifact };
  delete recorded.from;
  recorded.s3 = artifact.s3?.endpoint ? { ...artifact.s3, key } : { key };
  return recorded;
}

/** The pod's log as the `main-logs` artifact (archiveLogs). */
export async function saveLogArtifact(logFile: string, io: ArtifactIo): Promise<Artifact> {
  const key = buildDefaultKey(io, 'main.log');
  const { client } = await resolveS3(undefined, io, 'main-logs');
  const data = await readFile(logFile).catch(() => Buffer.alloc(0));
  await client.putObject(key, data);
  return { name: 'main-logs', s3: { key } };
}
