import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SHARED_ENV } from '@lienthong/config';
import { type CheckResult, HealthRegistry } from '../health.registry';
import { BlobStore } from './blob.store';

/** How a disk check names what it watches in its error: the directory's variable and the threshold's. */
export interface DiskCheckNames {
  /** e.g. `BLOB_DIR /var/lib/lienthong/blobs`, `the SQLite database /var/lib/lienthong/orchestrator.db`. */
  readonly what: string;
  /** The variable that holds the threshold, e.g. `BLOB_DIR_MIN_FREE_MB`. */
  readonly minVariable: string;
  /** What to do about it, e.g. `free space or move BLOB_DIR`. */
  readonly remedy: string;
}

/**
 * Whether documents can still be written under `dir`: its file system (the nearest existing directory, as the
 * store creates `dir` on its first write) is writable and has at least `minFreeMb` free for this user. A full or
 * read-only disk then shows in readiness before a write fails in the middle of a message.
 */
export function blobDiskCheck(dir: string, minFreeMb: number): Promise<CheckResult> {
  return diskCheck(dir, minFreeMb, { what: `BLOB_DIR ${dir}`, minVariable: 'BLOB_DIR_MIN_FREE_MB', remedy: 'free space or move BLOB_DIR' });
}

/** Whether `dir` (or its nearest existing parent) is writable with at least `minFreeMb` free; the error says which and why. */
export async function diskCheck(dir: string, minFreeMb: number, names: DiskCheckNames): Promise<CheckResult> {
  let existing = dir;
  for (;;) {
    try {
      await access(existing, constants.F_OK);
      break;
    } catch {
      if (dirname(existing) === existing) break;
      existing = dirname(existing);
    }
  }
  try {
    await access(existing, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      up: false,
      details: { dir, minFreeMb, error: `${names.what} is not writable (${code}); with systemd, list it in the unit's ReadWritePaths=` },
    };
  }
  const stats = await statfs(existing);
  const freeMb = Math.floor((Number(stats.bavail) * Number(stats.bsize)) / (1024 * 1024));
  if (freeMb < minFreeMb) {
    return {
      up: false,
      details: {
        dir,
        freeMb,
        minFreeMb,
        error: `only ${freeMb} MB free for ${names.what}, under ${names.minVariable}=${minFreeMb}; ${names.remedy}`,
      },
    };
  }
  return { up: true, details: { dir, freeMb, minFreeMb } };
}

/**
 * Adds the `blobDir` readiness check to every service that has a `BlobStore` (the services that write documents:
 * the orchestrator and the iOffice adapter), found in the whole application once it is built.
 */
@Injectable()
export class BlobDiskHealth implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly registry: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    let store: BlobStore;
    try {
      store = this.moduleRef.get(BlobStore, { strict: false });
    } catch {
      return; // this service keeps no documents
    }
    // Only the services that keep documents read it (their schemas hold it); start-up has checked its form.
    const minFreeMb = SHARED_ENV.BLOB_DIR_MIN_FREE_MB.read();
    this.registry.register('blobDir', () => blobDiskCheck(store.dir, minFreeMb));
  }
}
