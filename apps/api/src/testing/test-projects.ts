import { fileURLToPath } from 'node:url';
import type { ParameterSpecs } from '@trainops/contracts';
import { createProjectRegistry, loadProjectRegistry } from '@trainops/projects';
import type { ProjectConfig, ProjectRegistry } from '@trainops/projects';

// The suites' projects: the real example project, validated by the real loader, plus two variants
// whose parameters and requester lists the tests pin down (the example file may change freely).

export const EXAMPLE_PROJECTS_DIR = fileURLToPath(new URL('../../../../config/projects', import.meta.url));

export const RESTRICTED_REQUESTER = 'U0ALLOWED01';

const widgetParameters: ParameterSpecs = {
  epochs: { type: 'int', min: 1, max: 300, default: 50 },
  imgsz: { type: 'int', min: 320, max: 1280, multipleOf: 32, default: 640 },
  optimizer: { type: 'enum', values: ['SGD', 'AdamW'], default: 'SGD' },
  cache: { type: 'bool', default: false },
};

let example: Promise<ProjectConfig> | undefined;

async function loadExample(): Promise<ProjectConfig> {
  const registry = await loadProjectRegistry({ dir: EXAMPLE_PROJECTS_DIR });
  return registry.get('pcb-defect');
}

export async function loadTestProjects(): Promise<ProjectRegistry> {
  example ??= loadExample();
  const base = await example;
  const widgets: ProjectConfig = { ...base, name: 'widgets', parameters: widgetParameters, slack: { ...base.slack, requesters: [] } };
  const restricted: ProjectConfig = {
    ...widgets,
    name: 'restricted',
    slack: { ...base.slack, requesters: [RESTRICTED_REQUESTER, 'S0GROUP0001'] },
  };
  return createProjectRegistry([widgets, restricted]);
}
