import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { describeValue, formatFieldPath } from './describe-value.ts';
import { ProjectConfigError } from './project-config-error.ts';
import type { ProjectConfigIssue } from './project-config-error.ts';
import { ProjectConfigSchema } from './project-config-schema.ts';
import type { ProjectConfig } from './project-config-schema.ts';
import { describeZodIssue, toFieldIssues } from './zod-issues.ts';

export interface ParseProjectConfigOptions {
  /** Where the text came from; named in every message, and its base name must equal `name`. */
  fileName: string;
}

/** Reads one project file. Throws ProjectConfigError listing every problem, each with file and field. */
export function parseProjectConfig(text: string, options: ParseProjectConfigOptions): ProjectConfig {
  const file = options.fileName;
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `on`/`no` stay strings, duplicate keys are errors.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ProjectConfigError(
      document.errors.map((error) => {
        const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
        return { file, path: '', message: `line ${position.line}, column ${position.col}: ${message}`, line: position.line, column: position.col };
      }),
    );
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ProjectConfigError([{ file, path: '', message: `cannot be read as YAML: ${(error as Error).message}` }], { cause: error });
  }
  if (data === null || data === undefined) {
    throw new ProjectConfigError([{ file, path: '', message: 'is empty; expected a project (name, description, task, source, …)' }]);
  }

  const result = ProjectConfigSchema.safeParse(data, { error: describeZodIssue });
  const fieldIssues = result.success ? [] : toFieldIssues(result.error, ProjectConfigSchema, data);

  const expectedName = path.basename(file).replace(/\.ya?ml$/, '');
  const name = (data as { name?: unknown }).name;
  if (typeof name === 'string' && name !== expectedName && !fieldIssues.some((issue) => issue.path[0] === 'name')) {
    fieldIssues.push({
      path: ['name'],
      message: `${describeValue(name)} does not match the file name; a project lives in <name>.yaml, so rename the file or set name: ${expectedName}`,
    });
  }

  if (fieldIssues.length > 0 || !result.success) {
    throw new ProjectConfigError(fieldIssues.map((issue) => ({ file, path: formatFieldPath(issue.path), message: issue.message, ...locate(document, lineCounter, issue.path) })));
  }
  return result.data;
}

/** The line and column of the deepest part of `fieldPath` that exists in the file. */
function locate(document: Document, lineCounter: LineCounter, fieldPath: readonly PropertyKey[]): Pick<ProjectConfigIssue, 'line' | 'column'> {
  for (let length = fieldPath.length; length >= 0; length--) {
    const node = document.getIn(fieldPath.slice(0, length) as unknown[], true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) {
      const position = lineCounter.linePos(offset);
      return { line: position.line, column: position.col };
    }
  }
  return {};
}
