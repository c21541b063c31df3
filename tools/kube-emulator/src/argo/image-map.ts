// Containers cannot run here, so each image is mapped to a local command. An entry matches by glob
// (`*` any run of characters, `?` one); the first match wins.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ArgoControllerOptionsError } from './errors.ts';

export interface ImageMapEntry {
  /** Glob over the image reference, e.g. `ultralytics/ultralytics:*`. */
  image: string;
  /** Replaces the image's entrypoint; used when the template sets no `command`. */
  command?: string[];
  /** Folder put first on PATH, where the image's tools (`cowsay`, `yolo`) live as local stand-ins. */
  path?: string;
  /** Environment the image would bake in. */
  env?: Record<string, string>;
}

const entryKeys = new Set(['image', 'command', 'path', 'env']);

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

/** Checks a parsed image map; relative paths are taken from `baseDir` (the YAML file's folder). */
export function parseImageMap(value: unknown, baseDir?: string): ImageMapEntry[] {
  const list = value !== null && typeof value === 'object' && !Array.isArray(value) && 'images' in value ? (value as { images: unknown }).images : value;
  if (!Array.isArray(list)) throw new ArgoControllerOptionsError('imageMap must be a list of { image, command?, path?, env? } entries');
  return list.map((raw: unknown, index): ImageMapEntry => {
    const where = `imageMap[${index}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ArgoControllerOptionsError(`${where} must be an object with an "image" glob`);
    const entry = raw as Record<string, unknown>;
    const unknownKey = Object.keys(entry).find((key) => !entryKeys.has(key));
    if (unknownKey !== undefined) throw new ArgoControllerOptionsError(`${where} has an unknown key "${unknownKey}" (allowed: image, command, path, env)`);
    if (typeof entry.image !== 'string' || entry.image.trim() === '') throw new ArgoControllerOptionsError(`${where}.image must be a non-empty glob such as "busybox*"`);
    const result: ImageMapEntry = { image: entry.image.trim() };
    if (entry.command !== undefined) {
      if (!isStringArray(entry.command) || entry.command.length === 0) throw new ArgoControllerOptionsError(`${where}.command must be a non-empty list of strings`);
      const [program, ...rest] = entry.command;
      const resolved = baseDir && program !== undefined && program.includes('/') && !path.isAbsolute(program) ? path.resolve(baseDir, program) : program;
      result.command = [resolved ?? '', ...rest];
    }
    if (entry.path !== undefined) {
      if (typeof entry.path !== 'string' || entry.path === '') throw new ArgoControllerOptionsError(`${where}.path must be a folder path`);
      result.path = baseDir ? path.resolve(baseDir, entry.path) : entry.path;
    }
    if (entry.env !== undefined) {
      const env = entry.env;
      if (env === null || typeof env !== 'object' || Array.isArray(env) || !Object.values(env).every((item) => typeof item === 'string')) {
        throw new ArgoControllerOptionsError(`${where}.env must map names to string values`);
      }
      result.env = { ...(env as Record<string, string>) };
    }
    return result;
  });
}

/** The image map from a list, or from a YAML file (a list, or `images:` holding one). */
export async function loadImageMap(source: ImageMapEntry[] | string): Promise<ImageMapEntry[]> {
  if (typeof source !== 'string') return parseImageMap(source);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new ArgoControllerOptionsError(`imageMap file ${source} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ArgoControllerOptionsError(`imageMap file ${source} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseImageMap(parsed, path.dirname(path.resolve(source)));
  } catch (error) {
    throw new ArgoControllerOptionsError(`imageMap file ${source}: ${(error as Error).message}`, { cause: error });
  }
}

export function buildGlobRegExp(glob: string): RegExp {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`);
}

/** The entry for an image; an untagged image also matches as `<image>:latest`, as Docker pulls it. */
export function findImageEntry(entries: readonly ImageMapEntry[], image: string): ImageMapEntry | undefined {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const candidates = lastSegment.includes(':') || lastSegment.includes('@') ? [image] : [image, `${image}:latest`];
  return entries.find((entry) => {
    const pattern = buildGlobRegExp(entry.image);
    return candidates.some((candidate) => pattern.test(candidate));
  });
}
