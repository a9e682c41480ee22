import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExitCleanup } from './run';

/**
 * A small disk of its own: a tmpfs of `sizeMb` mounted on a temp dir, to hold a service's SQLite data dir and
 * `BLOB_DIR`, then filled to the last byte by a filler file (writes fail with ENOSPC) and freed again. Needs
 * root (the fault suite runs as root on the test machine). `dispose()` unmounts and deletes the mount point,
 * also from an exit hook.
 */
export class SmallDisk {
  private static readonly FILLER = '.filler';
  private unregister: (() => void) | undefined;

  private constructor(
    readonly mountPoint: string,
    readonly sizeMb: number,
  ) {}

  static mount(sizeMb = 64): SmallDisk {
    const mountPoint = mkdtempSync(join(tmpdir(), 'lt22-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0777`, 'lt22-small-disk', mountPoint]);
    const disk = new SmallDisk(mountPoint, sizeMb);
    disk.unregister = onExitCleanup(() => disk.unmount());
    return disk;
  }

  /** A directory on the disk (created). */
  dir(name: string): string {
    const path = join(this.mountPoint, name);
    mkdirSync(path, { recursive: true });
    return path;
  }

  /** Bytes still free on the disk. */
  freeBytes(): number {
    const s = statfsSync(this.mountPoint);
    return Number(s.bavail) * Number(s.bsize);
  }

  /** Fills the disk until a write fails with ENOSPC, leaving `leaveBytes` free (0: completely full). */
  fill(leaveBytes = 0): void {
    const fd = openSync(join(this.mountPoint, SmallDisk.FILLER), 'a');
    const chunk = Buffer.alloc(1024 * 1024);
    try {
      for (let size = chunk.length; size >= 1;) {
        const free = this.freeBytes() - leaveBytes;
        if (free <= 0) break;
        try {
          writeSync(fd, chunk, 0, Math.min(size, free));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          size = Math.floor(size / 2);
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Deletes the filler: the disk has room again. */
  free(): void {
    rmSync(join(this.mountPoint, SmallDisk.FILLER), { force: true });
  }

  dispose(): void {
    this.unmount();
    this.unregister?.();
    this.unregister = undefined;
  }

  private unmount(): void {
    try {
      execFileSync('umount', ['-l', this.mountPoint], { stdio: 'ignore' });
    } catch {
      /* not mounted (any more) */
    }
    rmSync(this.mountPoint, { recursive: true, force: true });
  }
}
