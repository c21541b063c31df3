import type { Template } from './types.ts';

export const templateKinds = ['container', 'containerSet', 'steps', 'script', 'resource', 'dag', 'suspend', 'data', 'http', 'plugin'] as const;
export type TemplateKind = (typeof templateKinds)[number];

/** The kinds the local controller runs; the others are refused with a clear node message. */
export const supportedTemplateKinds: readonly TemplateKind[] = ['container', 'script', 'steps', 'dag', 'suspend'];

export function listTemplateKinds(template: Template): TemplateKind[] {
  return templateKinds.filter((kind) => template[kind] !== undefined && template[kind] !== null);
}

export function getTemplateKind(template: Template): TemplateKind | undefined {
  return listTemplateKinds(template)[0];
}
