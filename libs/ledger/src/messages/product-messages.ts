import { ErrorItem } from '../core/refusal';

/** A value a refusal names (its details), as text. */
const param = (item: ErrorItem, key: string): string => {
  const value = item.params?.[key];
  return value === undefined || value === null ? '' : String(value);
};

/**
 * Products across years (产品年度方案), coalition terms (共保体承办期), renewal (续保), and the
 * access routes' own inputs: what a clerk or official reads when one is refused.
 */
export const PRODUCT_MESSAGES: Record<string, string | ((item: ErrorItem) => string)> = {
  'product.exists': '没有这个惠民保产品',
  'product.reason': '请填写变更原因（会记入历史）',
  'product.eventOrder': '发生时间早于该产品最近一次记录的变更，请核对时间',
  'product.hasPlan': '该产品还没有任何年度方案',
  'product.planOfProduct': '所选方案不属于这个产品，请核对方案编号',
  'product.planOfYear': '该产品没有这一年度的方案',
  'product.onePlanPerYear': '该产品这一年度已经有方案了，每年只能有一个方案',
  'product.insurerOfCoalition': '这家保险公司不在该年度方案的共保体中，请核对保险公司编号',
  'derivation.changesObject': '下一年度方案的调整内容格式有误',
  'derivation.changeableField': (item) =>
    `“${item.field.replace(/^changes\./, '')}”不能在生成下一年度方案时调整；可调整保费、起付线、赔付比例、封顶线、参保期、保障期、任务目标等`,
  'derivation.fromPlanYear': '来源方案还没有设定年度，请先通过方案变更补上年度',
  'derivation.fromLatestYear': '只能从该产品最新的年度方案生成下一年度方案',
  'derivation.responsibilitiesList': '保障责任的调整应为一个列表',
  'derivation.responsibilitiesNeedSchedule':
    '上一年度没有保障责任表，无法按责任调整；请直接给出新的保障方案（benefits）',
  'derivation.knownResponsibility': '上一年度的保障方案中没有这项保障责任，请核对责任代码',
  'term.fromYear': '承办期的起始年度应为方案年度，例如 2025',
  'term.years': '承办期为 1 至 10 个年度（宜春惠民保为 3 年）',
  'term.noOverlap': '与已有的承办期重叠；承办期内调整份额请用份额变更',
  'term.selectedBeforeCoverage': '共保体须在承办期第一年的保障期开始前遴选确定',
  'term.exists': '该产品没有这个承办期',
  'term.amendmentNotRetroactive': '份额变更只能从登记当日或以后生效，已分摊的保费和赔款不变',
  'term.amendmentsInOrder': '新的份额变更生效日须晚于上一次变更的生效日',
  'term.amendmentWithinTerm': '份额变更的生效日超出了承办期',
  'term.sameLead': '主承保公司不能通过份额变更更换；更换主承保须重新遴选',
  'term.coalitionOfTerm': '该年度在共保体承办期内，共保体以承办期为准；请通过承办期的份额变更调整',
  'renewal.eventOrder': '发生时间早于此人最近一次续保记录，请核对时间',
  'renewal.personalAccountAccepted': '该方案不接受个人账户缴费，无法办理个人账户续保代扣',
  'renewal.consentInForce': '此人在该产品没有有效的续保授权',
  'renewal.withdrawalReason': '撤回续保授权须填写原因',
  'renewal.plansOfBothYears': (item) =>
    `续保需要该产品上一年度和${param(item, 'planYear') || '本'}年度的方案`,
  'renewal.windowOpen': '续保只能在新年度方案的参保期内办理',
  'table.targets': '任务目标格式有误',
  'query.limit': '每页条数应为 1 至 1000 的整数',
  'query.personRef': '参保人编号格式有误，请使用台账给出的编号',
  'session.oneCredential': '请只提供访问密钥或令牌中的一种',
  'seal.notFound': '尚未发布任何封印',
};
