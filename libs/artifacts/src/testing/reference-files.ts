import { existsSync } from 'node:fs';
import path from 'node:path';

// The shared reference data sits beside the repository (<repo>/../shared/reference), in a
// developer's checkout and in CI alike. Found by walking up to the workspace root, never by an
// absolute path.

function findWorkspaceRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `<repo>/../shared/reference/ultralytics`, or undefined when the repository root is not found. */
export function ultralyticsReferenceDir(): string | undefined {
  const root = findWorkspaceRoot(import.meta.dirname);
  return root === undefined ? undefined : path.join(root, '..', 'shared', 'reference', 'ultralytics');
}
