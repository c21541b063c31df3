import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A checker for Argo's published JSON schema (api/jsonschema/schema.json), for tests. It covers
// the keywords that schema uses (type, properties, additionalProperties, items, required, const,
// enum, oneOf, format, $ref into #/definitions) and is stricter than plain JSON Schema in one way
// the API server is too: an object may not carry a field its schema does not name (kubectl's
// strict field validation), so a misspelt field fails here instead of vanishing in the cluster.

export interface SchemaProblem {
  path: string;
  message: string;
}

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  const?: unknown;
  enum?: unknown[];
  oneOf?: Schema[];
  format?: string;
};

// The schema types these as strings, while Kubernetes and Argo accept integers there too
// (`limit: 3`, `factor: 2`); see the reference folder's README.
const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where the upstream schema sits: `../shared/reference/argo/schema.json` beside the repository. */
export const upstreamArgoSchemaPath = path.resolve(workspaceRoot, '..', 'shared', 'reference', 'argo', 'schema.json');

export interface ArgoSchemaValidator {
  /** Problems of `manifest` against the definition of its `kind`; empty when it is valid. */
  validate(manifest: unknown): SchemaProblem[];
}

/** The validator for the upstream schema, or undefined when the file is not there. */
export async function loadUpstreamArgoSchema(file = upstreamArgoSchemaPath): Promise<ArgoSchemaValidator | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return createArgoSchemaValidator(JSON.parse(text) as { definitions: Record<string, Schema> });
}

export function createArgoSchemaValidator(schema: { definitions: Record<string, Schema> }): ArgoSchemaValidator {
  const definitions = schema.definitions;

  const check = (value: unknown, node: Schema, at: string, problems: SchemaProblem[]): void => {
    if (node.$ref !== undefined) {
      const name = node.$ref.replace(/^#\/definitions\//, '');
      if (name === intOrString) {
        if (typeof value !== 'string' && !Number.isInteger(value)) problems.push({ path: at, message: 'must be a string or an integer' });
        return;
      }
      const target = definitions[name];
      if (target === undefined) {
        problems.push({ path: at, message: `schema reference ${node.$ref} does not resolve` });
        return;
      }
      check(value, target, at, problems);
      return;
    }
    if (node.oneOf !== undefined) {
      const matches = node.oneOf.filter((option) => {
        const found: SchemaProblem[] = [];
        check(value, option, at, found);
        return found.length === 0;
      }).length;
      if (matches !== 1) problems.push({ path: at, message: `must match exactly one schema of oneOf (matched ${matches})` });
      return;
    }
    if (node.const !== undefined && value !== node.const) problems.push({ path: at, message: `must be ${JSON.stringify(node.const)}` });
    if (node.enum !== undefined && !node.enum.includes(value)) problems.push({ path: at, message: `must be one of ${JSON.stringify(node.enum)}` });
    if (node.type !== undefined && !hasType(value, node.type)) {
      problems.push({ path: at, message: `must be of type ${node.type}, got ${describeType(value)}` });
      return;
    }
    if ((node.format === 'int32' || node.format === 'int64') && typeof value === 'number' && !Number.isInteger(value)) {
      problems.push({ path: at, message: `must be an integer (${node.format})` });
    }
    if (Array.isArray(value)) {
      if (node.items !== undefined) value.forEach((item, index) => check(item, node.items as Schema, `${at}/${index}`, problems));
      return;
    }
    if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      for (const key of node.required ?? []) {
        if (!(key in object)) problems.push({ path: at, message: `must have required property ${key}` });
      }
      for (const [key, child] of Object.entries(object)) {
        const childPath = `${at}/${key}`;
        const property = node.properties?.[key];
        if (property !== undefined) check(child, property, childPath, problems);
        else if (typeof node.additionalProperties === 'object') check(child, node.additionalProperties, childPath, problems);
        else if (node.additionalProperties === false || node.properties !== undefined) problems.push({ path: childPath, message: 'is not a known field' });
      }
    }
  };

  return {
    validate(manifest) {
      const kind = (manifest as { kind?: unknown } | null)?.kind;
      const definition = typeof kind === 'string' ? definitions[`io.argoproj.workflow.v1alpha1.${kind}`] : undefined;
      if (definition === undefined) return [{ path: '', message: `kind ${JSON.stringify(kind)} is not an Argo kind of this schema` }];
      const problems: SchemaProblem[] = [];
      check(manifest, definition, '', problems);
      return problems;
    },
  };
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
