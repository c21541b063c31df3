// Local processes cannot mount volumes, so container paths are moved onto folders. The rule:
//  - a path under a volume mount's mountPath lives in that volume's folder;
//  - any other container path lives under the pod's own root folder (<podRoot>/tmp/x for /tmp/x);
//  - in command, args, env values and workingDir every occurrence of a mountPath, of /tmp and of the
//    template's artifact and output-parameter paths is rewritten to its folder, longest first and only
//    at path boundaries. Other absolute paths (/bin/sh, /etc/os-release) are the host's own.
import path from 'node:path';

export interface FolderMount {
  mountPath: string;
  /** The folder standing in for the volume (already including any subPath). */
  folder: string;
}

export interface PathMapper {
  podRoot: string;
  toHostPath(containerPath: string): string;
  rewrite(text: string): string;
}

function normalizeContainerPath(containerPath: string): string {
  const normalized = path.posix.normalize(containerPath);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createPathMapper(options: { podRoot: string; mounts: readonly FolderMount[]; extraPaths?: readonly string[] }): PathMapper {
  const mounts = options.mounts
    .map((mount) => ({ mountPath: normalizeContainerPath(mount.mountPath), folder: mount.folder }))
    .sort((a, b) => b.mountPath.length - a.mountPath.length);

  const toHostPath = (containerPath: string): string => {
    const normalized = normalizeContainerPath(containerPath.startsWith('/') ? containerPath : `/${containerPath}`);
    for (const mount of mounts) {
      if (normalized === mount.mountPath) return mount.folder;
      if (mount.mountPath === '/' || normalized.startsWith(`${mount.mountPath}/`)) {
        return path.join(mount.folder, normalized.slice(mount.mountPath === '/' ? 1 : mount.mountPath.length + 1));
      }
    }
    return path.join(options.podRoot, normalized);
  };

  const rewritten = [...new Set([...mounts.map((mount) => mount.mountPath), '/tmp', ...(options.extraPaths ?? []).map(normalizeContainerPath)])]
    .filter((item) => item !== '/' && item.startsWith('/'))
    .sort((a, b) => b.length - a.length);
  const pattern = rewritten.length === 0 ? undefined : new RegExp(`(?<![\\w.\\-/~])(${rewritten.map(escapeRegExp).join('|')})(?![\\w.\\-])`, 'g');

  return {
    podRoot: options.podRoot,
    toHostPath,
    rewrite: (text) => (pattern ? text.replace(pattern, (match) => toHostPath(match)) : text),
  };
}
