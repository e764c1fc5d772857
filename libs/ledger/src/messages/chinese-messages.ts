import { ErrorItem } from '../core/refusal';

/**
 * Chinese messages for refusal rules, written for a clerk (plain words, what to check, no
 * internal codes). A rule may have a fixed text or one built from the refusal's details. Rules
 * without an entry fall back to a message built from the field name (see chineseMessage).
 */
export type ChineseMessage = string | ((item: ErrorItem) => string);

export const CHINESE_MESSAGES: Record<string, ChineseMessage> = {
  // Transport: the request itself.
  'request.json': '请求内容不是有效的 JSON，请检查格式',
  'request.malformed': '请求格式有误，请检查提交的内容',
  'request.tooLarge': '提交的内容过大，请分批提交',
  'request.tooManyParameters': '提交的参数过多',
  'request.depth': '提交内容的嵌套层级过深',
  'request.charset': '不支持该字符编码，请使用 UTF-8',
  'request.contentEncoding': '不支持该压缩方式，请使用 gzip、deflate 或不压缩',
  'request.encoding': '压缩内容已损坏，无法解压',
  'request.aborted': '请求在传输中断开，请重新提交',
  'request.contentType': '不支持该内容类型，请以 JSON（application/json）提交',
  'request.correlationId':
    '关联编号（X-Correlation-Id）格式有误：最多 128 个字母、数字或 . _ : - /',
  'request.notFound': '找不到该地址',
  'request.method': '该地址不支持此操作',
  'request.tooManyRequests': '操作过于频繁，请稍后再试',
  // Idempotency (retry keys).
  'idempotency.keyFormat':
    '重复提交保护键（Idempotency-Key）格式有误：1 至 200 个可见字符，不含空格',
  'idempotency.keyReused':
    '该重复提交保护键（Idempotency-Key）已用于另一项不同的提交，请换一个新键',
  'idempotency.sameKeySameCommand':
    '该重复提交保护键（Idempotency-Key）已用于另一项不同的提交，请换一个新键',
  // Access.
  'access.unauthenticated': '请先登录或提供有效的访问密钥',
  'access.forbidden': '您的账号无权进行此操作或查看此内容',
  // The ledger's state.
  'concurrency.expectedRevision': '该记录正被同时修改，请稍后重试',
  'ledger.integrity': '台账完整性校验未通过，暂停受理；请联系审计或运维人员',
  'ledger.unavailable': '台账暂时无法受理，请稍后重试',
  'privacy.erased':
    '此人的个人信息已按要求删除，不能再以同一身份参保；如需参保请联系个人信息保护负责人',
  'person.notFound': '台账中没有此人的记录',
  'plan.notFound': '没有这个保险方案',
  'policy.notFound': '此人在该保险方案中没有参保记录',
  'claim.notFound': '没有这笔理赔申请',
  'query.oneAsOf': '“截至时间”与“截至位置”只能填写一个',
  'query.position': '截至位置格式有误，例如 1234',
  'query.single': (item) => `查询参数 ${item.field} 只能填写一次`,
  'instant.format': (item) =>
    `${fieldName(item.field)}时间格式有误，请写成如 2024-01-31T23:59:59+08:00 或 2024-01-31`,
  'date.format': (item) => `${fieldName(item.field)}日期有误，请写成如 2024-01-31 的有效日期`,
  'server.internal': '系统内部错误，本次提交未被记录（除非已返回回执）；请稍后重试或联系运维人员',
};

/** Chinese names of the fields clerks fill in most. */
const FIELD_NAMES: Record<string, string> = {
  body: '提交内容',
  'person.idNumber': '身份证号码',
  idNumber: '身份证号码',
  'person.name': '姓名',
  'person.phone': '电话',
  townshipId: '乡镇',
  township: '乡镇',
  contributions: '缴费',
  occurredAt: '发生',
  asOf: '截至',
  asOfPosition: '截至位置',
  reason: '原因',
  'basicInsurance.scheme': '基本医保类别',
  'basicInsurance.insuredRegionCode': '参保地区代码',
  enrollments: '参保名单',
  'Idempotency-Key': '重复提交保护键',
};

/** The Chinese name of a field path ("contributions[1].amountFen" → "缴费[1].amountFen"). */
export function fieldName(field: string): string {
  if (FIELD_NAMES[field]) return FIELD_NAMES[field];
  const head = field.split(/[.[]/)[0];
  return FIELD_NAMES[head] ? FIELD_NAMES[head] + field.slice(head.length) : field;
}

/** The message a clerk reads for a refusal item. */
export function chineseMessage(item: ErrorItem): string {
  const entry = CHINESE_MESSAGES[item.rule];
  if (typeof entry === 'function') return entry(item);
  if (entry !== undefined) return entry;
  if (item.rule.startsWith('validation.')) return `${fieldName(item.field)}填写有误`;
  return `${fieldName(item.field)}不符合要求（规则 ${item.rule}）`;
}
