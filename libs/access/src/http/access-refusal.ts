import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A refusal of the access layer: an HttpException whose body names the field (header) and the
 * rule, like every other refusal (refusalOf in libs/ledger reads `errors`). Chinese first,
 * English beside, as everything an official reads.
 */
export class AccessRefusal extends HttpException {
  constructor(status: number, field: string, rule: string, zh: string, en: string) {
    // The problem document shows the reader's language and both beside (libs/ledger messages).
    super({ message: en, errors: [{ field, rule, message: en, zh }] }, status);
  }
}

export const refuse = {
  noCredential: () =>
    new AccessRefusal(
      HttpStatus.UNAUTHORIZED,
      'Authorization',
      'access.credentialRequired',
      '需要有效的访问凭证',
      'a valid credential is required (Authorization: Bearer <key or token>, or a session cookie from POST /session)',
    ),
  badCredential: (why: string) =>
    new AccessRefusal(
      HttpStatus.UNAUTHORIZED,
      'Authorization',
      'access.credentialRefused',
      '访问凭证无效或已失效',
      `the credential was refused: ${why}`,
    ),
  role: (role: string, allowed: readonly string[]) =>
    new AccessRefusal(
      HttpStatus.FORBIDDEN,
      'role',
      'access.role',
      `当前角色（${role}）无权执行此操作`,
      `the role ${role} may not do this; it needs one of: ${allowed.join(', ')}`,
    ),
  scope: (what: string) =>
    new AccessRefusal(
      HttpStatus.FORBIDDEN,
      'scope',
      'access.scope',
      '超出授权范围',
      `outside the caller's scope: ${what}`,
    ),
  ledgerWide: () =>
    new AccessRefusal(
      HttpStatus.FORBIDDEN,
      'scope',
      'access.ledgerWide',
      '此操作需要全台账范围的授权',
      'this action concerns the whole ledger and needs a ledger-wide identity (no scope)',
    ),
  undeclared: () =>
    new AccessRefusal(
      HttpStatus.FORBIDDEN,
      'route',
      'access.undeclared',
      '该接口未声明访问规则，已拒绝',
      'this route declares no access rule and is refused (fail closed)',
    ),
  origin: (origin: string) =>
    new AccessRefusal(
      HttpStatus.FORBIDDEN,
      'Origin',
      'access.origin',
      '跨站请求被拒绝',
      `a cookie-authenticated or open-mode write must come from the ledger's own pages; origin ${origin} refused`,
    ),
  host: (host: string) =>
    new AccessRefusal(
      HttpStatus.FORBIDDEN,
      'Host',
      'access.openModeHost',
      '开放模式只接受本机地址',
      `open mode answers requests addressed to localhost only (Host ${host} refused: DNS rebinding)`,
    ),
  mediaType: (type: string, accepted: readonly string[]) =>
    new AccessRefusal(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'Content-Type',
      'request.mediaType',
      '不支持的请求内容类型',
      `Content-Type ${type || '(none)'} is not accepted here; send ${accepted.join(' or ')}`,
    ),
  purpose: (header: string) =>
    new AccessRefusal(
      HttpStatus.BAD_REQUEST,
      header,
      'access.purposeRequired',
      `读取个人信息须在 ${header} 中说明用途（3 至 200 字，中文请用 URL 编码）`,
      `reading personal information needs its purpose in the ${header} header (3 to 200 characters; percent-encode UTF-8)`,
    ),
};
