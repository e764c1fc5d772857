import { INestApplication } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { Authenticator, checkOpenModeHost } from '@ledger/access';

/**
 * Swagger UI and the OpenAPI document are served by express, outside the Nest router and so
 * outside the guard: this middleware asks the same Authenticator for any valid identity.
 */
export function docsGate(app: INestApplication) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const authenticator = app.get(Authenticator);
    authenticator
      .authenticate(req)
      .then((authenticated) => {
        if (authenticated.identity.via === 'open-mode') checkOpenModeHost(req);
        next();
      })
      .catch((error: unknown) => {
        res.setHeader('WWW-Authenticate', 'Bearer realm="huiminbao-ledger"');
        next(error);
      });
  };
}
