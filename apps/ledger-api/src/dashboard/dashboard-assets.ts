import { Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { notFound } from '@ledger/domain';
import { CachedRepresentation, RefusalError, writeCached } from '@ledger/ledger';

/**
 * The dashboard's page and assets, as `npm run build` leaves them in dist/dashboard (built from
 * apps/dashboard by esbuild; the API never imports that code, it serves its files). Each file is
 * read once (again when it changes on disk), hashed for its ETag and compressed on first demand.
 */

/**
 * Only the page's own files: scripts, styles and images from 'self'; data from 'self' (fetch and
 * the event stream); no inline script or style, no plugins, no framing, no <base>, forms only to
 * 'self'. Trusted Types are required: the page's one policy ("default", apps/dashboard/src/
 * trusted-types.ts) lets only the empty string into innerHTML, so markup from a string is refused
 * by the browser itself. docs/dashboard.md, "Safety".
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types default',
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Asset names the page refers to: lower-case names with a known extension, nothing else. */
const ASSET_NAME = /^[a-z][a-z0-9-]{0,63}\.(js|css|svg)$/;
export const DASHBOARD_PAGE = 'index.html';

/** dist/dashboard of the project: next to the package.json above this file (source or built). */
export function locateDashboardDir(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'dashboard');
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'dashboard');
    dir = parent;
  }
}

interface LoadedAsset {
  mtimeMs: number;
  size: number;
  representation: CachedRepresentation;
}

export function setDashboardHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}

@Injectable()
export class DashboardAssets {
  private readonly loaded = new Map<string, LoadedAsset>();
  readonly dir = locateDashboardDir();

  /** The page shell: the same static file for every dashboard path (the script reads the path). */
  sendPage(req: Request, res: Response): void {
    this.send(req, res, DASHBOARD_PAGE);
  }

  sendAsset(req: Request, res: Response, name: string): void {
    if (!ASSET_NAME.test(name))
      throw notFound('asset', 'dashboard.assetNotFound', `the dashboard has no asset ${name}`);
    this.send(req, res, name);
  }

  private send(req: Request, res: Response, name: string): void {
    const asset = this.load(name);
    setDashboardHeaders(res);
    writeCached(req.headers, res, asset.representation);
  }

  private load(name: string): LoadedAsset {
    const path = join(this.dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      if (name === DASHBOARD_PAGE)
        throw new RefusalError(503, [
          {
            field: 'dashboard',
            rule: 'dashboard.notBuilt',
            message: `the dashboard is not built (${this.dir} is missing): run npm run build`,
            zh: '看板尚未构建：请先运行 npm run build',
          },
        ]);
      throw notFound('asset', 'dashboard.assetNotFound', `the dashboard has no asset ${name}`);
    }
    const known = this.loaded.get(name);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known;
    const extension = name.slice(name.lastIndexOf('.') + 1);
    const asset: LoadedAsset = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      representation: new CachedRepresentation(readFileSync(path), CONTENT_TYPES[extension]),
    };
    this.loaded.set(name, asset);
    return asset;
  }
}
