// JSON merge patch (RFC 7386): objects merge key by key, `null` deletes, anything else replaces.
import { cloneJson, isJsonObject } from './kube-object.ts';

export function applyJsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyJsonMergePatch(result[key], value);
    }
  }
  return result;
}
