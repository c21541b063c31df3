import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConflictError } from '@trainops/contracts';

export interface DataDirLock {
  release(): void;
}

/**
 * A pid file that keeps a second process from opening the same embedded database folder.
 * A lock left by a process that no longer exists is taken over.
 */
export function acquireDataDirLock(folder: string): DataDirLock {
  const lockFile = path.join(folder, 'trainops.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new ConflictError(
          `The embedded database in ${folder} is in use by process ${holder}. Stop that process, or set DATABASE_URL to share a PostgreSQL server.`,
        );
      }
      if (holder === process.pid) {
        throw new ConflictError(`The embedded database in ${folder} is already open in this process.`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new ConflictError(`Could not lock the embedded database in ${folder}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
