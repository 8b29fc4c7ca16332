import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../errors.ts';

/** A data folder this process has claimed; release it when the database is closed. */
export interface DataDirClaim {
  /** Where PGlite keeps its PostgreSQL files, inside the data folder. */
  readonly pgdata: string;
  release(): void;
}

const LOCK_FILE = 'touchpoint.lock';
// Folders claimed by this process, so a second open in the same process is refused too, while a
// lock file naming our pid but left by an earlier process (containers reuse pid 1) is not.
const claimedHere = new Set<string>();

/**
 * Prepares a data folder for PGlite: creates it, proves it is writable, and takes a lock file.
 * Two PGlite instances on one folder would both write PostgreSQL's files and corrupt them.
 */
export function claimDataDir(dir: string): DataDirClaim {
  assertWritable(dir);
  const lockPath = join(dir, LOCK_FILE);
  if (claimedHere.has(dir)) throw inUse(dir, process.pid);
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw notWritable(dir, error);
    const holder = Number(readFileSync(lockPath, 'utf8').trim());
    if (holder !== process.pid && isAlive(holder)) throw inUse(dir, holder);
    writeFileSync(lockPath, String(process.pid)); // stale: its process is gone
  }
  claimedHere.add(dir);
  return {
    pgdata: join(dir, 'pgdata'),
    release() {
      claimedHere.delete(dir);
      try {
        unlinkSync(lockPath);
      } catch {
        // Already gone: nothing left to release.
      }
    },
  };
}

function assertWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    // access(W_OK) says yes to root even on read-only mounts; writing a file is the real test.
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    throw notWritable(dir, error);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM'; // exists, but belongs to another user
  }
}

function notWritable(dir: string, cause: unknown): StoreError {
  const reason = errorCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
  return new StoreError(
    'TP_STORE_DATA_DIR_NOT_WRITABLE',
    `cannot write to the data folder ${dir} (${reason}). ` +
      'Choose a folder this user can create and write to, or fix its permissions.',
    { cause },
  );
}

function inUse(dir: string, pid: number): StoreError {
  return new StoreError(
    'TP_STORE_DATA_DIR_IN_USE',
    `the data folder ${dir} is already open in process ${pid}. Stop that process or use another ` +
      `folder; if no such process is running, delete ${join(dir, LOCK_FILE)}.`,
  );
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
