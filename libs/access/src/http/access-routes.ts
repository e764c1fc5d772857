import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule } from './access-rule';

export interface DeclaredRoute {
  readonly controller: string;
  readonly handler: string;
  readonly method: string;
  readonly path: string;
  readonly rule?: AccessRule;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every HTTP route of the application's controllers, with its access rule (if any). */
export function declaredRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prefixes = [reflector.get<string | string[]>(PATH_METADATA, metatype) ?? ''].flat();
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const paths = reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
      const method = reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
      if (paths === undefined || method === undefined) continue;
      const rule =
        reflector.get<AccessRule | undefined>(ACCESS_RULE, handler) ??
        reflector.get<AccessRule | undefined>(ACCESS_RULE, metatype);
      for (const prefix of prefixes)
        for (const path of [paths].flat())
          routes.push({
            controller: metatype.name,
            handler: name,
            method: RequestMethod[method],
            path: join(prefix, path),
            ...(rule ? { rule } : {}),
          });
    }
  }
  return routes;
}

/**
 * Checks at start-up that every route declares its access rule (a route without one would be
 * refused by the guard anyway: this makes the mistake impossible to ship), and collects the
 * upload media types routes declare, for the media-type gate in front of the body parsers.
 */
@Injectable()
export class AccessRoutes implements OnApplicationBootstrap {
  private uploads = new Set<string>();
  private routes: DeclaredRoute[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    this.routes = declaredRoutes(this.discovery, this.scanner, this.reflector);
    const undeclared = this.routes.filter((r) => !r.rule);
    if (undeclared.length > 0)
      throw new Error(
        `routes without an @Access rule (refused; declare who may call them): ${undeclared
          .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)
          .join(', ')}`,
      );
    this.uploads = new Set(this.routes.flatMap((r) => r.rule?.uploads ?? []));
  }

  /** Media types some route accepts besides JSON. */
  uploadTypes(): ReadonlySet<string> {
    return this.uploads;
  }

  list(): readonly DeclaredRoute[] {
    return this.routes;
  }
}
