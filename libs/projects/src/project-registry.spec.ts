import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, ProjectNotFoundError, ProjectSummarySchema } from '@trainops/contracts';
import { parseProjectConfig } from './parse-project-config.ts';
import { createProjectRegistry } from './project-registry.ts';
import { toProjectSummary } from './project-summary.ts';

const exampleText = readFileSync(new URL('../../../config/projects/pcb-defect.yaml', import.meta.url), 'utf8');
const pcbDefect = parseProjectConfig(exampleText, { fileName: 'pcb-defect.yaml' });
const solderJoints = parseProjectConfig(exampleText.replace('name: pcb-defect', 'name: solder-joints'), { fileName: 'solder-joints.yaml' });

function notFound(run: () => unknown): ProjectNotFoundError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProjectNotFoundError) return error;
    throw error;
  }
  throw new Error('expected ProjectNotFoundError');
}

describe('createProjectRegistry', () => {
  it('lists projects by name and finds them', () => {
    const registry = createProjectRegistry([solderJoints, pcbDefect]);
    expect(registry.list().map((project) => project.name)).toEqual(['pcb-defect', 'solder-joints']);
    expect(registry.has('pcb-defect')).toBe(true);
    expect(registry.has('pcb')).toBe(false);
    expect(registry.get('solder-joints')).toEqual(solderJoints);
  });

  it('suggests the nearest project for a misspelt name and lists the known ones', () => {
    const error = notFound(() => createProjectRegistry([solderJoints, pcbDefect]).get('pcb-defct'));
    expect(error.message).toBe('Unknown project "pcb-defct". Did you mean "pcb-defect"? Known projects: pcb-defect, solder-joints');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toEqual({ known: ['pcb-defect', 'solder-joints'] });
  });

  it('makes no suggestion when nothing is close, and says so when there are no projects', () => {
    expect(notFound(() => createProjectRegistry([pcbDefect]).get('weld-seams')).message).toBe(
      'Unknown project "weld-seams". Known projects: pcb-defect',
    );
    expect(notFound(() => createProjectRegistry([]).get('pcb-defect')).message).toBe('Unknown project "pcb-defect". No projects are configured.');
  });

  it('refuses two projects with the same name', () => {
    const create = () => createProjectRegistry([pcbDefect, pcbDefect]);
    expect(create).toThrow(InputError);
    expect(create).toThrow('Project "pcb-defect" is defined twice');
  });

  it('hands out frozen copies, so no caller can change a project for the others', () => {
    const registry = createProjectRegistry([pcbDefect]);
    const project = registry.get('pcb-defect');
    expect(() => {
      (project.resources as { gpus: number }).gpus = 8;
    }).toThrow(TypeError);
    expect(() => registry.list().pop()).not.toThrow();
    expect(registry.get('pcb-defect').resources.gpus).toBe(1);
    expect(registry.list()).toHaveLength(1);
    expect(Object.isFrozen(pcbDefect)).toBe(false);
  });
});

describe('toProjectSummary', () => {
  it('gives the api view of a project, valid against the contract', () => {
    const summary = toProjectSummary(pcbDefect);
    expect(ProjectSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({
      name: 'pcb-defect',
      task: 'detect',
      baseModel: 'yolo26n.pt',
      slackChannel: 'C07PCB4D3F1',
      requesters: ['S07QAPCB001', 'U04HG7KQ2LM', 'U05BX9ZT3PQ'],
      approvers: ['U03MRV8D1KA', 'U04HG7KQ2LM'],
    });
    expect(Object.keys(summary.parameters)).toContain('epochs');
  });
});
