import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProjectConfigError } from './project-config-error.ts';
import type { ProjectConfigIssue } from './project-config-error.ts';
import type { ProjectConfig } from './project-config-schema.ts';
import { parseProjectConfig } from './parse-project-config.ts';
import { createProjectRegistry } from './project-registry.ts';
import type { ProjectRegistry } from './project-registry.ts';

export interface LoadProjectRegistryOptions {
  /** The folder of project files (PROJECTS_DIR, `config/projects` by default). */
  dir: string;
}

/**
 * Reads every `*.yaml` / `*.yml` in `dir`. All broken files are reported together in one
 * ProjectConfigError, so a deploy with three mistakes fails once, not three times.
 */
export async function loadProjectRegistry(options: LoadProjectRegistryOptions): Promise<ProjectRegistry> {
  const { dir } = options;
  const files = await listProjectFiles(dir);
  const issues: ProjectConfigIssue[] = [];
  const projects: ProjectConfig[] = [];
  const fileByName = new Map<string, string>();

  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      issues.push({ file, path: '', message: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    try {
      const project = parseProjectConfig(text, { fileName: file });
      const earlier = fileByName.get(project.name);
      if (earlier !== undefined) {
        issues.push({ file, path: 'name', message: `project "${project.name}" is already defined in ${earlier}` });
        continue;
      }
      fileByName.set(project.name, file);
      projects.push(project);
    } catch (error) {
      if (!(error instanceof ProjectConfigError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ProjectConfigError(issues);
  return createProjectRegistry(projects);
}

async function listProjectFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'the projects folder does not exist; set PROJECTS_DIR to the folder that holds the project files'
        : code === 'ENOTDIR'
          ? 'is not a folder; PROJECTS_DIR must name the folder that holds the project files'
          : `the projects folder cannot be read: ${(error as Error).message}`;
    throw new ProjectConfigError([{ file: dir, path: '', message }], { cause: error });
  }
  const files: string[] = [];
  // Hidden entries are editor backups and, in a mounted ConfigMap, Kubernetes' own `..data`
  // links; the real files there are symlinks, hence stat rather than the entry's own type.
  for (const entry of entries.filter((name) => /\.ya?ml$/.test(name) && !name.startsWith('.')).sort()) {
    const file = path.join(dir, entry);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() === true) files.push(file);
  }
  if (files.length === 0) {
    throw new ProjectConfigError([{ file: dir, path: '', message: 'holds no project files (*.yaml or *.yml)' }]);
  }
  return files;
}
