import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProjectRegistry } from './load-project-registry.ts';
import { ProjectConfigError } from './project-config-error.ts';

const configDir = new URL('../../../config/projects/', import.meta.url).pathname;
const exampleText = await readFile(path.join(configDir, 'pcb-defect.yaml'), 'utf8');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trainops-projects-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadError(directory: string): Promise<ProjectConfigError> {
  const error: unknown = await loadProjectRegistry({ dir: directory }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof ProjectConfigError) return error;
  throw new Error(`expected a ProjectConfigError, got ${String(error)}`);
}

describe('loadProjectRegistry', () => {
  it('loads the shipped config/projects folder', async () => {
    const registry = await loadProjectRegistry({ dir: configDir });
    expect(registry.has('pcb-defect')).toBe(true);
    expect(registry.get('pcb-defect').slack.channel).toBe('C07PCB4D3F1');
  });

  it('reads .yaml and .yml files and skips hidden and other files', async () => {
    await writeFile(path.join(dir, 'pcb-defect.yaml'), exampleText);
    await writeFile(path.join(dir, 'solder-joints.yml'), exampleText.replace('name: pcb-defect', 'name: solder-joints'));
    await writeFile(path.join(dir, '.pcb-defect.yaml.swp'), 'junk');
    await writeFile(path.join(dir, '.draft.yaml'), 'name: [');
    await writeFile(path.join(dir, 'README.md'), '# notes');
    const registry = await loadProjectRegistry({ dir });
    expect(registry.list().map((project) => project.name)).toEqual(['pcb-defect', 'solder-joints']);
  });

  it('follows the symlinks of a mounted ConfigMap', async () => {
    await mkdir(path.join(dir, '..2026_01_01_00_00_00.000000001'));
    await writeFile(path.join(dir, '..2026_01_01_00_00_00.000000001', 'pcb-defect.yaml'), exampleText);
    await symlink('..2026_01_01_00_00_00.000000001', path.join(dir, '..data'));
    await symlink('..data/pcb-defect.yaml', path.join(dir, 'pcb-defect.yaml'));
    const registry = await loadProjectRegistry({ dir });
    expect(registry.list().map((project) => project.name)).toEqual(['pcb-defect']);
  });

  it('reports every broken file at once, naming file and field, and loads nothing', async () => {
    await writeFile(path.join(dir, 'pcb-defect.yaml'), exampleText);
    await writeFile(path.join(dir, 'broken-syntax.yaml'), 'name: broken-syntax\ntask: detect: segment\n');
    await writeFile(path.join(dir, 'bad-timezone.yaml'), exampleText.replace('name: pcb-defect', 'name: bad-timezone').replace('Europe/Berlin', 'Mars/Olympus'));
    const error = await loadError(dir);
    expect(error.message).toBe(
      [
        `${path.join(dir, 'bad-timezone.yaml')}: schedule.timezone: unknown time zone "Mars/Olympus"; use a name such as Europe/Berlin or UTC`,
        `${path.join(dir, 'broken-syntax.yaml')}: line 2, column 7: Nested mappings are not allowed in compact mappings`,
      ].join('\n'),
    );
    expect(error.issues.map((issue) => issue.file)).toEqual([path.join(dir, 'bad-timezone.yaml'), path.join(dir, 'broken-syntax.yaml')]);
  });

  it('refuses two files that define the same project', async () => {
    await writeFile(path.join(dir, 'pcb-defect.yaml'), exampleText);
    await writeFile(path.join(dir, 'pcb-defect.yml'), exampleText);
    const error = await loadError(dir);
    expect(error.message).toBe(`${path.join(dir, 'pcb-defect.yml')}: name: project "pcb-defect" is already defined in ${path.join(dir, 'pcb-defect.yaml')}`);
  });

  it('names a missing folder and an empty one', async () => {
    const missing = path.join(dir, 'nope');
    expect((await loadError(missing)).message).toBe(
      `${missing}: the projects folder does not exist; set PROJECTS_DIR to the folder that holds the project files`,
    );
    expect((await loadError(dir)).message).toBe(`${dir}: holds no project files (*.yaml or *.yml)`);
  });
});
