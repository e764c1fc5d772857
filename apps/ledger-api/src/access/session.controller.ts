import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CookieOptions, Request, Response } from 'express';
import { invalid } from '@ledger/domain';
import {
  Access,
  Authenticator,
  callerOf,
  checkBrowserOrigin,
  describeIdentity,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  sessionCookieOf,
  SessionTokens,
  ACCESS_CONFIG,
  AccessConfig,
  OPEN_MODE_IDENTITY,
} from '@ledger/access';
import { SessionRequestDto } from './session.dto';

/**
 * Browser sessions: a key or token is exchanged once for an HttpOnly, SameSite=Strict cookie
 * (Secure, with the __Host- prefix, over TLS) that the same guard accepts; scripts on the page
 * never hold the credential. Docs: docs/access.md, "Sessions".
 */
@ApiTags('access')
@Controller('session')
export class SessionController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly sessions: SessionTokens,
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Access({ roles: 'public', resource: 'none' })
  @ApiOperation({
    summary: 'Log in: exchange an API key or JWT for a session cookie (HttpOnly, SameSite=Strict)',
  })
  async open(
    @Body() body: SessionRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (this.config.openMode) {
      // Nothing to exchange: every caller of a loopback open-mode ledger is its operator.
      return { identity: describeIdentity(OPEN_MODE_IDENTITY), expiresAt: null };
    }
    checkBrowserOrigin(req, this.config.allowedOrigins, false);
    const credential = body.key ?? body.token;
    if (!credential || (body.key && body.token))
      throw invalid('key', 'session.oneCredential', 'send either "key" or "token"');
    const authenticated = await this.authenticator.ofCredential(credential);
    const { token, claims } = await this.sessions.issue(
      authenticated.identity,
      authenticated.keyHash,
      authenticated.expiresAt,
    );
    const secure = req.secure;
    res.cookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
      ...cookieOptions(secure),
      expires: new Date(claims.expiresAt),
    });
    return {
      identity: describeIdentity({ ...authenticated.identity, via: 'session' }),
      expiresAt: new Date(claims.expiresAt).toISOString(),
    };
  }

  @Get()
  @Access({ roles: 'authenticated', resource: 'none' })
  @ApiOperation({ summary: 'Who am I: the caller’s identity, role and scope' })
  whoAmI(@Req() req: Request) {
    return { identity: describeIdentity(callerOf(req)) };
  }

  @Delete()
  @HttpCode(204)
  @Access({ roles: 'public', resource: 'none' })
  @ApiOperation({ summary: 'Log out: the session is closed and its cookie cleared' })
  async close(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const cookie = sessionCookieOf(req);
    if (cookie !== undefined) {
      checkBrowserOrigin(req, this.config.allowedOrigins, true);
      const session = await this.sessions.open(cookie);
      if (session) this.sessions.revoke(session);
    }
    res.clearCookie(SESSION_COOKIE, cookieOptions(false));
    res.clearCookie(SECURE_SESSION_COOKIE, cookieOptions(true));
  }
}

function cookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/' };
}
