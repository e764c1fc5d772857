import { ErrorItem } from '../core/refusal';
import { DOMAIN_MESSAGES } from './domain-messages';
import { IMPORT_MESSAGES } from './import-messages';
import { PRODUCT_MESSAGES } from './product-messages';
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
  'request.mediaType': '不支持该内容类型，请以 JSON（application/json）提交',
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
  'township.notFound': '该保险方案中没有这个乡镇',
  'dashboard.assetNotFound': '看板没有这个文件',
  'dashboard.notBuilt': '看板尚未构建：请先运行 npm run build',
  'query.oneAsOf': '“截至时间”与“截至位置”只能填写一个',
  'query.position': '截至位置格式有误，例如 1234',
  'query.single': (item) => `查询参数 ${item.field} 只能填写一次`,
  'instant.format': (item) =>
    `${fieldName(item.field)}时间格式有误，请写成如 2024-01-31T23:59:59+08:00 或 2024-01-31`,
  'date.format': (item) => `${fieldName(item.field)}日期有误，请写成如 2024-01-31 的有效日期`,
  'server.internal': '系统内部错误，本次提交未被记录（除非已返回回执）；请稍后重试或联系运维人员',
  'query.format': '不支持该文件格式，请选择 json、csv 或 xlsx',
  // The domain's rules, operators' files, DTO constraints (validation.<constraint>).
  ...DOMAIN_MESSAGES,
  ...IMPORT_MESSAGES,
  ...PRODUCT_MESSAGES,
  ...Object.fromEntries(
    Object.entries(VALIDATION_MESSAGES).map(([constraint, text]) => [
      `validation.${constraint}`,
      (item: ErrorItem) => text(fieldName(item.field), item),
    ]),
  ),
  // Township tables, rosters, group purchase (named with the refusal's details).
  ...TABLE_ROSTER_GROUP_MESSAGES(),
};

/** A value a refusal names (DomainError details), as text. */
function param(item: ErrorItem, key: string): string {
  const value = item.params?.[key];
  return value === undefined || value === null ? '' : String(value);
}

/** "2023-12-10" → "2023年12月10日" (dates in messages are Asia/Shanghai calendar dates). */
function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** Fen as yuan with two decimals ("599400" → "5994.00"). */
function formatFen(fen: string): string {
  const n = Number(fen);
  return Number.isSafeInteger(n)
    ? `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`
    : fen;
}

/**
 * Township tables, rosters and group purchase (团体参保): the rules of issue 15's domain half.
 * A function so it can sit below the helpers it uses.
 */
function TABLE_ROSTER_GROUP_MESSAGES(): Record<string, ChineseMessage> {
  return {
    'table.shape': (item) =>
      `表格（JSON）中 ${param(item, 'path')} 的格式不对：乡镇名称等应为文字，基数和任务数应为非负整数`,
    'table.duplicateTownship': (item) =>
      `表格第 ${param(item, 'row')} 行与第 ${param(item, 'firstRow')} 行是同一个乡镇（${param(item, 'township')}），每个乡镇只能列一次`,
    'table.townshipCode': (item) =>
      `表格第 ${param(item, 'row')} 行的代码“${param(item, 'code')}”有误：请填写 12 位（或 9 位）统计用区划代码，或本方案中的乡镇编号`,
    'table.divisionCodeInCounty': (item) =>
      `表格第 ${param(item, 'row')} 行的区划代码 ${param(item, 'code')} 不属于本县（市、区），请核对`,
    'table.codeNameConflict': (item) =>
      `表格第 ${param(item, 'row')} 行的代码和乡镇名称“${param(item, 'township')}”指向不同的乡镇，请核对代码或名称`,
    'table.mappingFrom': (item) =>
      `对应关系中的“${param(item, 'township')}”不是本方案的乡镇，请按乡镇名称、代码或编号填写`,
    'table.mappingTo': (item) =>
      `对应关系中“${param(item, 'township')}”的去向“${param(item, 'target')}”不是表格中的乡镇；请填写表格中的乡镇名称或代码，或填“保留”`,
    'table.mappingConflict': (item) =>
      `“${param(item, 'township')}”已在表格中，不能再指定去向“${param(item, 'target')}”；对应关系只用于表格删去或改名的乡镇`,
    'table.mappingRequired': (item) => {
      const townships = (item.params?.townships ?? []) as {
        name?: string;
        townshipId: string;
        enrollments: number;
        change: string;
      }[];
      const list = townships
        .map(
          (t) =>
            `${t.name || t.townshipId}（${t.change === 'renamed' ? '改名' : '表中没有'}，已有参保记录 ${t.enrollments} 条）`,
        )
        .join('、');
      return `以下乡镇已有参保记录，新表格删去或改了名称：${list}。请在对应关系中逐一写明去向（表格中的哪个乡镇，或“保留”），以免参保记录被算到别的乡镇`;
    },
    'table.previewChanged':
      '预览之后表格、对应关系或保险方案已有变化，请重新预览，核对差异后用新的确认码导入',
    'table.confirmationRequired':
      '导入乡镇表前请先预览，核对差异后带上预览给出的确认码（fingerprint）再导入',
    'table.textLength': (item) => `${fieldName(item.field)}过长，最多 ${param(item, 'max')} 个字`,
    'enrollment.knownTownship': (item) =>
      `乡镇“${param(item, 'township')}”不在本保险方案的乡镇名单中，请核对乡镇名称或代码`,
    'enrollment.townshipAgrees': (item) =>
      `乡镇“${param(item, 'township')}”与乡镇编号“${param(item, 'townshipId')}”不是同一个乡镇，请只填一个或核对`,
    'roster.listDateRequired':
      '请填写名单日期（名单本身的日期，如期末比对日期），资助参保按名单日期处理',
    'roster.listDateNotFuture': (item) =>
      `名单日期 ${chineseDate(param(item, 'listDate'))} 晚于今天（${chineseDate(param(item, 'today'))}），请核对`,
    'roster.receivedNotFuture': (item) =>
      `收到日期 ${chineseDate(param(item, 'receivedOn'))} 晚于今天（${chineseDate(param(item, 'today'))}），请核对`,
    'roster.receivedAfterListDate': (item) =>
      `收到日期 ${chineseDate(param(item, 'receivedOn'))} 早于名单日期 ${chineseDate(param(item, 'listDate'))}，请核对`,
    'roster.sameIdSameList': (item) =>
      `名单编号“${param(item, 'rosterId')}”已导入过（名单日期 ${chineseDate(param(item, 'listDate'))}），内容或日期与这次不同；另一份名单请换一个名单编号`,
    'roster.enrollmentDetails':
      '此人尚未参保，名单需写明其基本医保参保类别和参保地，才能办理资助参保',
    'groupPurchase.employerId':
      '单位编号有误：请填写统一社会信用代码等 1 至 64 位字母、数字（可含 . _ : -）',
    'groupPurchase.employerName': '请填写单位（或工会）名称',
    'groupPurchase.kind': '购买方请填写“单位”（employer）或“工会”（union）',
    'groupPurchase.batchId': '批次编号有误：请用 1 至 64 位字母、数字（可含 . _ : -）',
    'groupPurchase.planAcceptsEmployer': '本保险方案不接受单位或工会集体购买',
    'groupPurchase.employerShare':
      '单位承担部分有误：请填写 1 至 100 的百分比，或每人固定金额（分），二者只填一个',
    'groupPurchase.restPaidBy': '其余保费请选择由个人缴纳或由职工医保个人账户支付（须本方案接受）',
    'groupPurchase.notEmpty': '职工名单中至少要有一人',
    'groupPurchase.header': (item) => `职工名单表头缺少“${param(item, 'column')}”列`,
    'groupPurchase.scheme': (item) =>
      `职工名单第 ${param(item, 'line')} 行：基本医保类别请填写职工（employee）或城乡居民（resident）`,
    'groupPurchase.insuredRegionCode': (item) =>
      `职工名单第 ${param(item, 'line')} 行：参保地区代码应为 6 位数字`,
    'groupPurchase.residentTier': (item) =>
      `职工名单第 ${param(item, 'line')} 行：居民档次请填写成年（adult）、婴幼儿（infant）或学生（student）`,
    'groupPurchase.sameBatchSameList': (item) =>
      `批次“${param(item, 'batchId')}”已提交过，名单或条件与这次不同；另一份名单请换一个批次编号`,
    'groupPurchase.batchExists': '找不到这个集体购买批次，请核对单位编号和批次编号',
    'groupPurchase.batchApplied': (item) =>
      `批次“${param(item, 'batchId')}”尚未处理完，请处理完名单后再登记汇款`,
    'groupPurchase.oneRemittancePerBatch': (item) =>
      `批次“${param(item, 'batchId')}”已登记过汇款（${formatFen(param(item, 'amountFen'))} 元，${chineseDate(param(item, 'receivedOn'))}收到），每个批次只登记一笔汇款`,
    'groupPurchase.receivedNotFuture': (item) =>
      `收款日期 ${chineseDate(param(item, 'receivedOn'))} 晚于今天（${chineseDate(param(item, 'today'))}），请核对`,
    'roster.fullSubsidyCategory': (item) =>
      `资助类别“${param(item, 'category')}”不是本保险方案的政府全额资助类别，请核对`,
  };
}

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
  listDate: '名单日期',
  receivedOn: '收到日期',
  fingerprint: '确认码',
  mapping: '对应关系',
  rows: '表格',
  batchId: '批次编号',
  employer: '单位',
  remittance: '汇款',
  staff: '职工名单',
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
  if (item.zh !== undefined) return item.zh;
  const entry = CHINESE_MESSAGES[item.rule];
  if (typeof entry === 'function') return entry(item);
  if (entry !== undefined) return entry;
  if (item.rule.startsWith('validation.')) return `${fieldName(item.field)}填写有误`;
  if (item.rule.startsWith('http.')) return '请求未被受理';
  return `${fieldName(item.field)}不符合要求（规则 ${item.rule}）`;
}
