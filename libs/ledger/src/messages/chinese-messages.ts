import { ErrorItem } from '../core/refusal';
import { DOMAIN_MESSAGES } from './domain-messages';
import { IMPORT_MESSAGES } from './import-messages';
import { VALIDATION_MESSAGES } from './validation-messages';

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
  'instant.format': (item) =>
    `${fieldName(item.field)}时间格式有误，请写成如 2024-01-31T23:59:59+08:00 或 2024-01-31`,
  'date.format': (item) => `${fieldName(item.field)}日期有误，请写成如 2024-01-31 的有效日期`,
  'server.internal': '系统内部错误，本次提交未被记录（除非已返回回执）；请稍后重试或联系运维人员',
  'query.format': '不支持该文件格式，请选择 json、csv 或 xlsx',
  // The domain's rules, operators' files, DTO constraints (validation.<constraint>).
  ...DOMAIN_MESSAGES,
  ...IMPORT_MESSAGES,
  ...Object.fromEntries(
    Object.entries(VALIDATION_MESSAGES).map(([constraint, text]) => [
      `validation.${constraint}`,
      (item: ErrorItem) => text(fieldName(item.field), item),
    ]),
  ),
};

/** Chinese names of the fields clerks fill in most (request paths and file columns). */
const FIELD_NAMES: Record<string, string> = {
  body: '提交内容',
  file: '文件',
  header: '表头',
  row: '这一行',
  line: '这一行',
  sheet: '工作表',
  'person.idNumber': '身份证号码',
  idNumber: '身份证号码',
  'person.name': '姓名',
  name: '姓名',
  'person.phone': '电话',
  'person.localHouseholdRegistration': '本市户籍',
  person: '参保人',
  townshipId: '乡镇',
  township: '乡镇',
  contributions: '缴费',
  source: '缴费来源',
  amountFen: '金额（分）',
  category: '资助类别',
  payer: '缴费人',
  'payer.idNumber': '缴费人身份证号码',
  relation: '与账户持有人关系',
  account: '账户类型',
  deduction: '扣款状态',
  funder: '资助单位',
  fund: '经费来源',
  occurredAt: '发生时间',
  asOf: '截至时间',
  asOfPosition: '截至位置',
  reason: '原因',
  basicInsurance: '基本医保信息',
  'basicInsurance.scheme': '基本医保类别',
  'basicInsurance.insuredRegionCode': '参保地区代码',
  'basicInsurance.residentTier': '居民档次',
  'basicInsurance.residenceRegionCode': '常住地区代码',
  enrollments: '参保名单',
  'Idempotency-Key': '重复提交保护键',
  planId: '方案编号',
  personRef: '参保人编号',
  claimId: '理赔编号',
  serviceDate: '就诊日期',
  hospital: '就诊医院',
  totalExpenseFen: '医疗总费用',
  priorLayers: '前几层支付',
  lines: '费用明细',
  residualFen: '个人负担',
  responsibilityCode: '保障责任',
  rosterId: '名单编号',
  csv: '表格内容',
  table: '乡镇任务表',
  targets: '任务目标',
  format: '文件格式',
  importId: '导入编号',
};

/** Items of a list, in Chinese: "第 2 笔缴费". */
const LIST_ITEMS: Record<string, string> = {
  contributions: '笔缴费',
  enrollments: '个参保人',
  lines: '条费用明细',
  rows: '行',
};

/**
 * The Chinese name of a field path: "contributions[1].amountFen" → "第 2 笔缴费的金额（分）",
 * "enrollments[0].person.idNumber" → "第 1 个参保人的身份证号码". A path it does not know stays
 * as it is (with the known part translated).
 */
export function fieldName(field: string): string {
  if (FIELD_NAMES[field]) return FIELD_NAMES[field];
  const item = /^([A-Za-z]+)\[(\d+)\](?:\.(.+))?$/.exec(field);
  if (item && LIST_ITEMS[item[1]]) {
    const whole = `第 ${Number(item[2]) + 1} ${LIST_ITEMS[item[1]]}`;
    return item[3] ? `${whole}的${fieldName(item[3])}` : whole;
  }
  const parts = field.split('.');
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('.');
    if (FIELD_NAMES[tail]) return FIELD_NAMES[tail];
  }
  const head = field.split(/[.[]/)[0];
  return FIELD_NAMES[head] ? FIELD_NAMES[head] + field.slice(head.length) : field;
}

/** The message a clerk reads for a refusal item. */
export function chineseMessage(item: ErrorItem): string {
  const entry = CHINESE_MESSAGES[item.rule];
  if (typeof entry === 'function') return entry(item);
  if (entry !== undefined) return entry;
  if (item.rule.startsWith('validation.')) return `${fieldName(item.field)}填写有误`;
  if (item.rule.startsWith('http.')) return '请求未被受理';
  return `${fieldName(item.field)}不符合要求（规则 ${item.rule}）`;
}
