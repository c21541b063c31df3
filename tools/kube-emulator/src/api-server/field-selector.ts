// Field selectors: `field=value`, `field==value`, `field!=value`, joined by commas. Only the
// fields a resource declares are selectable, as in the real server.
import type { ResourceDefinition } from './resource-definitions.ts';
import { SelectorParseError } from './label-selector.ts';
import type { KubeObject } from './kube-object.ts';

export interface FieldRequirement {
  field: string;
  operator: 'equals' | 'notEquals';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
}

export function parseFieldSelector(text: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const rawPart of text.split(',')) {
    const part = rawPart.trim();
    if (part === '') continue;
    const match = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(part);
    if (match === null) throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${part}'`);
    const [, field = '', operator, value = ''] = match;
    requirements.push({ field: field.trim(), operator: operator === '!=' ? 'notEquals' : 'equals', value: value.trim() });
  }
  return { requirements };
}

/** Throws the real server's message when a selector names a field this resource cannot select by. */
export function assertSelectableFields(selector: FieldSelector, definition: ResourceDefinition): void {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...definition.extraFieldSelectors]);
  for (const requirement of selector.requirements) {
    if (!allowed.has(requirement.field)) {
      throw new SelectorParseError(
        `field label not supported: ${requirement.field}`,
      );
    }
  }
}

function fieldValue(object: KubeObject, field: string): string {
  let current: unknown = object;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'string' ? current : current === undefined || current === null ? '' : String(current);
}

export function matchesFieldSelector(selector: FieldSelector, object: KubeObject): boolean {
  return selector.requirements.every((requirement) => {
    const actual = fieldValue(object, requirement.field);
    return requirement.operator === 'equals' ? actual === requirement.value : actual !== requirement.value;
  });
}
