import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AccessConfig } from './access-config';
import { AccessLog } from './access-log/access-log.service';
import { AccessFileWatcher } from './credentials/access-file-watcher';
import { KeyRegistry } from './credentials/key-registry';
import { SessionTokens } from './credentials/session-tokens';
import { AccessGuard } from './http/access.guard';
import { AccessInterceptor } from './http/access.interceptor';
import { AccessRoutes } from './http/access-routes';
import { ACCESS_CONFIG, Authenticator } from './http/authenticator';
import { ScopeService } from './scope.service';

/** Loads the access file at start-up and follows its changes until shutdown. */
@Injectable()
export class AccessFileLifecycle implements OnModuleInit, OnApplicationShutdown {
  readonly watcher?: AccessFileWatcher;

  constructor(@Inject(ACCESS_CONFIG) config: AccessConfig, registry: KeyRegistry) {
    if (config.accessFile)
      this.watcher = new AccessFileWatcher(
        config.accessFile.path,
        registry,
        config.accessFile.pollMs,
      );
  }

  onModuleInit(): void {
    this.watcher?.start();
  }

  onApplicationShutdown(): void {
    this.watcher?.stop();
  }
}

/**
 * Identities, the one guard every route goes through, scoped views and the access log. Needs the
 * LedgerModule (plans, streams, clock) registered beside it.
 */
@Module({})
export class AccessModule {
  static register(config: AccessConfig): DynamicModule {
    return {
      module: AccessModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: ACCESS_CONFIG, useValue: config },
        { provide: KeyRegistry, useFactory: () => new KeyRegistry(config.keys) },
        {
          provide: SessionTokens,
          useFactory: () => new SessionTokens(config.session.key, config.session.ttlSeconds),
        },
        AccessFileLifecycle,
        Authenticator,
        ScopeService,
        AccessLog,
        AccessRoutes,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: AccessInterceptor },
      ],
      exports: [
        ACCESS_CONFIG,
        KeyRegistry,
        SessionTokens,
        AccessFileLifecycle,
        Authenticator,
        ScopeService,
        AccessLog,
        AccessRoutes,
      ],
    };
  }
}
