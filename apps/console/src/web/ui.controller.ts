import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { Public } from './access.decorators';
import type { ConsoleRequest, ConsoleResponse } from './http';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * `apps/console/public`, found from this file whether it runs from the sources (tests) or from `dist/`
 * (compiled: tsc does not copy non-TypeScript files, so the UI is served from the repository's own folder).
 */
export function publicDir(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'console', 'public');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error(`CONSOLE.UI_MISSING: apps/console/public/index.html not found above ${from}; run from the repository checkout`);
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
      if (__dirname.includes(`${sep}dist${sep}`)) this.cache.set(file, entry);
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
