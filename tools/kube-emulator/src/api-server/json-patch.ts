// JSON patch (RFC 6902): add, remove, replace, move, copy and test, applied all or nothing.
import { cloneJson, isJsonObject, jsonEqual } from './kube-object.ts';

export class JsonPatchError extends Error {
  /** A malformed patch document is a bad request; a patch that cannot apply is unprocessable. */
  readonly malformed: boolean;

  constructor(message: string, malformed: boolean) {
    super(message);
    this.name = 'JsonPatchError';
    this.malformed = malformed;
  }
}

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

const operations = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function parseOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw new JsonPatchError('a JSON patch must be an array of operations', true);
  return patch.map((raw, index) => {
    if (!isJsonObject(raw) || typeof raw['op'] !== 'string' || !operations.has(raw['op'])) {
      throw new JsonPatchError(`operation ${index}: "op" must be one of add, remove, replace, move, copy, test`, true);
    }
    if (typeof raw['path'] !== 'string') throw new JsonPatchError(`operation ${index}: "path" must be a string`, true);
    const op = raw['op'] as Operation['op'];
    if ((op === 'move' || op === 'copy') && typeof raw['from'] !== 'string') {
      throw new JsonPatchError(`operation ${index}: "${op}" needs a "from" string`, true);
    }
    if ((op === 'add' || op === 'replace' || op === 'test') && !Object.hasOwn(raw, 'value')) {
      throw new JsonPatchError(`operation ${index}: "${op}" needs a "value"`, true);
    }
    return { op, path: raw['path'], from: raw['from'] as string | undefined, value: raw['value'] };
  });
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`, true);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function arrayIndex(container: unknown[], token: string, forInsert: boolean, pointer: string): number {
  if (forInsert && token === '-') return container.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`invalid array index "${token}" in "${pointer}"`, false);
  const index = Number(token);
  const limit = forInsert ? container.length : container.length - 1;
  if (index > limit) throw new JsonPatchError(`array index ${index} out of bounds in "${pointer}"`, false);
  return index;
}

function resolveParent(document: unknown, tokens: string[], pointer: string): unknown {
  let current = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) {
      current = current[arrayIndex(current, token, false, pointer)];
    } else if (isJsonObject(current) && Object.hasOwn(current, token)) {
      current = current[token];
    } else {
      throw new JsonPatchError(`path "${pointer}" does not exist`, false);
    }
  }
  return current;
}

function getValue(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return document;
  const parent = resolveParent(document, tokens, pointer);
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false, pointer)];
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) return parent[last];
  throw new JsonPatchError(`path "${pointer}" does not exist`, false);
}

function removeValue(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new JsonPatchError('cannot remove the whole document', false);
  const parent = resolveParent(document, tokens, pointer);
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false, pointer), 1)[0];
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) {
    const removed = parent[last];
    delete parent[last];
    return removed;
  }
  throw new JsonPatchError(`path "${pointer}" does not exist`, false);
}

function addValue(document: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = resolveParent(document, tokens, pointer);
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, last, !replace, pointer);
    parent.splice(index, replace ? 1 : 0, value);
  } else if (isJsonObject(parent)) {
    if (replace && !Object.hasOwn(parent, last)) throw new JsonPatchError(`path "${pointer}" does not exist`, false);
    parent[last] = value;
  } else {
    throw new JsonPatchError(`path "${pointer}" does not exist`, false);
  }
  return document;
}

export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  let document = cloneJson(target);
  for (const operation of parseOperations(patch)) {
    switch (operation.op) {
      case 'add':
        document = addValue(document, operation.path, cloneJson(operation.value), false);
        break;
      case 'replace':
        document = addValue(document, operation.path, cloneJson(operation.value), true);
        break;
      case 'remove':
        removeValue(document, operation.path);
        break;
      case 'copy':
        document = addValue(document, operation.path, cloneJson(getValue(document, operation.from ?? '')), false);
        break;
      case 'move': {
        const moved = removeValue(document, operation.from ?? '');
        document = addValue(document, operation.path, moved, false);
        break;
      }
      case 'test':
        if (!jsonEqual(getValue(document, operation.path), operation.value)) {
          throw new JsonPatchError(`testing value ${operation.path} failed`, false);
        }
        break;
    }
  }
  return document;
}
