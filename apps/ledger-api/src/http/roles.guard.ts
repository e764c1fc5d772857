import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { LedgerConfig, Role, LEDGER_CONFIG } from '@ledger/ledger';

export const ROLES_KEY = 'ledger:roles';
/** Roles allowed on a route; routes without @Roles are open to any authenticated caller. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthedRequest = Request & { role?: Role; actor?: string };

/**
 * API keys map to roles (LEDGER_API_KEYS). Without keys configured the ledger runs open for
 * local use: callers act as operators and identities stay sealed (no privacy_officer).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (this.config.apiKeys.size === 0) {
      req.role = 'operator';
      req.actor = 'open-mode';
    } else {
      const header = req.headers.authorization ?? '';
      const key = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      const role = this.config.apiKeys.get(key);
      if (!role)
        throw new UnauthorizedException(
          'a valid API key is required (Authorization: Bearer <key>)',
        );
      req.role = role;
      req.actor = `${role}:${key.slice(0, 4)}…`;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed && !allowed.includes(req.role!)) {
      throw new ForbiddenException(`this action needs one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}
