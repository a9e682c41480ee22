import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { Public } from './access.decorators';
import type { ConsoleRequest, ConsoleResponse } from './http';

/** Running from `dist/` (JavaScript), not from the TypeScript sources under test. */
const COMPILED = __filename.endsWith('.js');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * `apps/console/public`, two levels above this file both in the sources (`apps/console/src/web`) and in the
 * build (`dist/apps/console/src/web`; `npm run build` copies the UI to `dist/apps/console/public`), so a
 * deployed `dist/` serves its own copy and never reads the checkout.
 */
export function publicDir(from = __dirname): string {
  const dir = join(from, '..', '..', 'public');
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(
      `CONSOLE.UI_MISSING: ${join(dir, 'index.html')} not found; build with npm run build, which copies apps/console/public there`,
    );
  }
  return dir;
}

/**
 * The UI: a static page with vanilla ES modules (no bundler, no framework). The shell and its scripts hold no
 * data, so they are public (the login page needs them); everything they show comes from the guarded API.
 */
@Controller()
@Public()
export class UiController {
  private readonly root = publicDir();
  private readonly cache = new Map<string, { body: Buffer; etag: string }>();

  @Get()
  index(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): void {
    this.send('index.html', req, res);
  }

  @Get('assets/*path')
  asset(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): void {
    this.send(req.path.slice('/assets/'.length), req, res);
  }

  private send(relative: string, req: ConsoleRequest, res: ConsoleResponse): void {
    const file = normalize(join(this.root, relative));
    if (!file.startsWith(this.root + sep) || !TYPES[extname(file)] || !existsSync(file) || !statSync(file).isFile()) {
      throw new NotFoundException({ code: 'CONSOLE.NOT_FOUND', message: `no such file: ${relative}` });
    }
    let entry = this.cache.get(file);
    if (!entry) {
      const body = readFileSync(file);
      entry = { body, etag: `"${statSync(file).mtimeMs.toString(36)}-${body.length.toString(36)}"` };
      // The sources may change under a running development console; only cache when compiled.
      if (COMPILED) this.cache.set(file, entry);
    }
    res.setHeader('Content-Type', TYPES[extname(file)]);
    res.setHeader('ETag', entry.etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === entry.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.end(entry.body);
  }
}
