import { Controller, Get, HttpException } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Request } from 'express';
import { AccessGuard } from './access.guard';
import { Access } from './access-rule';
import { AccessRoutes } from './access-routes';
import { checkRouteMediaType, mediaTypeGate } from './media-type';
import { purposeOf } from './purpose';
import { checkBrowserOrigin, checkOpenModeHost } from './request-origin';

const req = (method: string, headers: Record<string, string>, extra: object = {}) =>
  ({
    method,
    headers,
    protocol: 'http',
    header: (name: string) => headers[name.toLowerCase()],
    ...extra,
  }) as unknown as Request;

const statusOf = (f: () => void): number | 'ok' => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return error instanceof HttpException ? error.getStatus() : -1;
  }
};

describe('the media-type rule: writes are JSON, before any body parser', () => {
  const gate = mediaTypeGate(() => new Set(['text/csv']));
  const through = (r: Request) => {
    let passed: unknown = 'not called';
    gate(r, {} as never, (e?: unknown) => (passed = e));
    return passed;
  };

  it('passes JSON, declared uploads, reads and bodyless writes; refuses forms and text (415)', () => {
    const body = { 'content-length': '10' };
    expect(
      through(req('POST', { ...body, 'content-type': 'application/json; charset=utf-8' })),
    ).toBeUndefined();
    expect(through(req('POST', { ...body, 'content-type': 'text/csv' }))).toBeUndefined();
    expect(through(req('GET', { ...body, 'content-type': 'text/plain' }))).toBeUndefined();
    expect(through(req('POST', {}))).toBeUndefined();
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data',
      '',
    ])
      expect(
        (through(req('POST', { ...body, 'content-type': type })) as HttpException).getStatus(),
      ).toBe(415);
    expect(
      (
        through(
          req('PATCH', { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' }),
        ) as HttpException
      ).getStatus(),
    ).toBe(415);
  });

  it('per route, an upload type only where the route declares it', () => {
    const csv = req('POST', { 'content-type': 'text/csv', 'content-length': '3' });
    expect(statusOf(() => checkRouteMediaType(csv, ['text/csv']))).toBe('ok');
    expect(statusOf(() => checkRouteMediaType(csv))).toBe(415);
    expect(statusOf(() => checkRouteMediaType(req('POST', { 'content-type': 'text/plain' })))).toBe(
      415,
    );
  });
});

describe('purpose of a sensitive read', () => {
  it('is decoded from percent-encoded UTF-8 and must be 3 to 200 characters', () => {
    expect(
      purposeOf(req('GET', { 'x-access-purpose': encodeURIComponent('理赔复核 claim review') })),
    ).toBe('理赔复核 claim review');
    expect(statusOf(() => purposeOf(req('GET', {})))).toBe(400);
    expect(statusOf(() => purposeOf(req('GET', { 'x-access-purpose': 'ab' })))).toBe(400);
    expect(statusOf(() => purposeOf(req('GET', { 'x-access-purpose': '%E0%A4%A' })))).toBe(400);
    expect(statusOf(() => purposeOf(req('GET', { 'x-access-purpose': 'x'.repeat(201) })))).toBe(
      400,
    );
  });
});

describe('browser origin and open-mode host', () => {
  const own = { host: 'ledger.example', origin: 'http://ledger.example' };
  it('cookie writes need the ledger’s own origin (or a configured one); reads are not checked', () => {
    expect(statusOf(() => checkBrowserOrigin(req('POST', own), [], true))).toBe('ok');
    expect(
      statusOf(() => checkBrowserOrigin(req('POST', { host: 'ledger.example' }), [], true)),
    ).toBe(403);
    expect(
      statusOf(() => checkBrowserOrigin(req('POST', { host: 'ledger.example' }), [], false)),
    ).toBe('ok');
    const other = { host: 'ledger.example', origin: 'https://dash.example' };
    expect(statusOf(() => checkBrowserOrigin(req('POST', other), [], true))).toBe(403);
    expect(
      statusOf(() => checkBrowserOrigin(req('POST', other), ['https://dash.example'], true)),
    ).toBe('ok');
    expect(
      statusOf(() =>
        checkBrowserOrigin(req('POST', { ...own, 'sec-fetch-site': 'cross-site' }), [], true),
      ),
    ).toBe(403);
    expect(statusOf(() => checkBrowserOrigin(req('GET', { host: 'x' }), [], true))).toBe('ok');
  });

  it('open mode answers loopback names only (DNS rebinding)', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000'])
      expect(statusOf(() => checkOpenModeHost(req('GET', { host })))).toBe('ok');
    expect(statusOf(() => checkOpenModeHost(req('GET', { host: 'evil.example:3000' })))).toBe(403);
  });
});

@Controller('undeclared')
class UndeclaredController {
  @Get()
  open() {
    return 'should never be reachable';
  }
}

@Controller('declared')
class DeclaredController {
  @Get()
  @Access({ roles: 'public', resource: 'none' })
  open() {
    return 'ok';
  }
}

describe('fail closed: a route without @Access', () => {
  it('is refused by the guard (403), before any credential is looked at', async () => {
    const guard = new AccessGuard(
      new Reflector(),
      {} as never,
      {} as never,
      {} as never,
      {} as never,
    );
    const context = {
      getType: () => 'http',
      getHandler: () => UndeclaredController.prototype.open,
      getClass: () => UndeclaredController,
      switchToHttp: () => ({
        getRequest: () => req('GET', {}, { path: '/undeclared' }),
        getResponse: () => ({}),
      }),
    };
    await expect(guard.canActivate(context as never)).rejects.toMatchObject({ status: 403 });
  });

  it('stops the application from starting, naming the route', async () => {
    const build = (controllers: unknown[]) =>
      Test.createTestingModule({
        controllers: controllers as never[],
        providers: [AccessRoutes, DiscoveryService, MetadataScanner],
        imports: [],
      })
        .compile()
        .then(async (m) => {
          const app = m.createNestApplication({ logger: false });
          await app.init();
          return app;
        });
    const ok = await build([DeclaredController]);
    expect(ok.get(AccessRoutes).list()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/declared',
        rule: { roles: 'public', resource: 'none' },
      }),
    ]);
    await ok.close();
    await expect(build([DeclaredController, UndeclaredController])).rejects.toThrow(
      /routes without an @Access rule .*GET \/undeclared \(UndeclaredController\.open\)/,
    );
  });
});
