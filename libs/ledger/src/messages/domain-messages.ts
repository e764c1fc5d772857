import { ErrorItem } from '../core/refusal';
import { param, yuanParam } from './message-params';

type Message = string | ((item: ErrorItem) => string);

const ORDER = (item: ErrorItem) =>
  param(item, 'last')
    ? `时间早于此人已记录的最后一笔业务（${param(item, 'last')}，北京时间），请核对业务发生时间`
    : '时间早于此人已记录的最后一笔业务，请核对业务发生时间';

/**
 * The domain's rules in a clerk's words (DOMAIN.md). Plain language, what to check, no internal
 * codes; dates and times are Beijing time (Asia/Shanghai), as the refusal's parameters give them.
 */
export const DOMAIN_MESSAGES: Record<string, Message> = {
  // Identity (GB 11643-1999).
  'idNumber.required': '请填写身份证号码',
  'idNumber.format': '身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X',
  'idNumber.region': '身份证号码前 6 位不是有效的地区代码，请核对号码',
  'idNumber.birthDate': '身份证号码中的出生日期无效，请核对号码',
  // Never name the "right" last character: the typo may be anywhere in the number.
  'idNumber.checkCharacter': '身份证号码有误：校验位不符，请对照身份证逐位核对号码',
  // Plans.
  'plan.exists': '没有这个保险方案',
  'plan.draftCannotEnroll': (i) =>
    `该保险方案尚未完成设置，暂不能参保${param(i, 'missing') ? `（缺少：${param(i, 'missing')}）` : ''}`,
  'plan.publishedOnce': '该保险方案已经发布过',
  'plan.eventOrder': (i) =>
    `方案变更时间早于该方案已记录的最后一次变更${param(i, 'last') ? `（${param(i, 'last')}，北京时间）` : ''}，请核对时间`,
  'plan.amendmentReason': '请填写方案变更的原因',
  'plan.amendmentNotEmpty': '方案变更没有任何改动内容',
  'plan.identifiersFixed': '方案编号和产品编号不能修改',
  'plan.amendableField': '方案的这一项不能通过变更修改',
  'plan.amendmentNull': '方案的这一项不能删除，请填写新的值',
  'plan.amendmentType': '方案变更中这一项的格式有误',
  'plan.townshipsByTableImport': '乡镇和片区只能通过导入乡镇任务表修改',
  'plan.frozenOnceEnrollmentOpens': '参保期开始后，这一项不能再修改',
  'plan.windowOnlyExtends': '参保期开始后只能延长截止日期，不能提前或更改开始日期',
  'plan.benefitsFixedOnceCoverageStarts': '保障期开始后，保障责任不能再修改',
  'plan.amendmentKeepsEnrollable': '这项变更会使方案无法继续参保，请补全所缺内容',
  'plan.targetRule': '任务目标的设置有误，请核对',
  'plan.definition': '保险方案的内容有误，请核对',
  'plan.premiumSchedule': '保费标准的设置有误，请核对',
  // Township tables.
  'table.nonNegativeInteger': (i) =>
    `乡镇任务表中的数字应为不小于 0 的整数${param(i, 'value') ? `（现为“${param(i, 'value')}”）` : ''}`,
  'table.notEmpty': '乡镇任务表至少要有表头和一行乡镇',
  'table.knownLevel': '乡镇任务表中有方案没有的目标列',
  'table.subtotalDistrict': '“小计”行要填写所属片区',
  // Enrollment.
  'enrollment.window': (i) =>
    param(i, 'opensOn')
      ? `不在参保期内：参保期为 ${param(i, 'opensOn')} 至 ${param(i, 'closesOn')}（北京时间），本次参保时间为 ${param(i, 'at')}`
      : '不在参保期内',
  'enrollment.oneActivePerPersonPerPlan': '此人已在本方案参保，不能重复参保',
  'enrollment.knownTownship': '本方案中没有这个乡镇，请核对乡镇名称',
  'enrollment.exists': '此人在本方案中没有参保记录',
  'enrollment.cancellationReason': '请填写退保原因',
  'enrollment.cancelWithinCoverage': '保障期已经结束，不能再退保',
  'policy.eventOrder': (i) => `业务${ORDER(i)}`,
  'occurredAt.notInFuture': (i) =>
    param(i, 'at')
      ? `业务时间 ${param(i, 'at')} 晚于当前时间 ${param(i, 'now')}（北京时间），请核对`
      : '业务时间晚于当前时间，请核对',
  // Eligibility.
  'eligibility.scheme': '本方案不接受该类基本医保的参保人',
  'eligibility.regionCode': '参保地区代码应为 6 位数字',
  'eligibility.residentTierOnlyForResidents':
    '只有城乡居民医保才有居民档次，职工医保请不要填写档次',
  'eligibility.basicInsuranceRegion': '此人的基本医保不在本方案的地区，不能参保',
  // Contributions.
  'contribution.atLeastOne': '请至少填写一笔缴费',
  'contribution.sumEqualsPremium': (i) =>
    param(i, 'premiumFen')
      ? `缴费金额合计 ${yuanParam(i, 'totalFen')}，与应缴保费 ${yuanParam(i, 'premiumFen')}不符`
      : '缴费金额合计与应缴保费不符',
  'contribution.acceptedSource': '本方案不接受这种缴费来源',
  'money.positiveIntegerFen': '缴费金额应大于 0，且最小单位为分',
  'money.integerFen': '金额的最小单位为分，请核对金额',
  'money.minimum': '金额低于允许的最小值',
  'contribution.pendingOnlyForPersonalAccount': '只有个人账户预约划扣可以是“待扣款”',
  'contribution.funderRequired': '这种缴费要填写资助单位（单位代码和名称）',
  'contribution.personalAccountRelation': '个人账户只能为本人、配偶、父母或子女缴费',
  'contribution.personalAccountKind': '账户类型应为个人账户、历年账户或家庭共济账户',
  'contribution.personalAccountPayer': '个人账户缴费要填写账户持有人',
  'contribution.personalAccountHolderIsEmployee': '只有参加职工医保的人才有个人账户，请核对缴费人',
  'contribution.personalAccountSelf': '关系为“本人”时，账户持有人应是参保人本人',
  'contribution.fullSubsidyCategory': (i) =>
    `资助类别不是本方案的全额资助类别${param(i, 'categories') ? `（可选：${param(i, 'categories')}）` : ''}`,
  'contribution.fullSubsidyPaysWholePremium': '财政全额资助应单独支付全部保费',
  'contribution.fullSubsidyLocalRegistration': '该资助类别仅限本市户籍人员',
  'contribution.subsidyCategory': (i) =>
    `本方案没有这个资助类别${param(i, 'categories') ? `（可选：${param(i, 'categories')}）` : ''}`,
  'contribution.exists': '当前参保记录中没有这笔缴费',
  'contribution.deductionPending': '这笔缴费不是待扣款的预约划扣',
  'contribution.failureReason': '请填写扣款失败的原因',
  // Rosters.
  'roster.fullSubsidyCategory': (i) =>
    `名单中的资助类别不是本方案的全额资助类别${param(i, 'categories') ? `（可选：${param(i, 'categories')}）` : ''}`,
  'roster.notEmpty': '名单至少要有表头和一行',
  'roster.scheme': '参保类别应为“职工”或“城乡居民”（未匹配到基本医保的留空）',
  // Claims and payouts.
  'claim.planHasBenefits': '本方案尚未设置保障责任，暂不能受理理赔',
  'claim.planHasCoverage': '本方案尚未设置保障期，暂不能受理理赔',
  'claim.acceptedOnce': '这笔理赔已经受理过（同一理赔编号只受理一次），本次为重复提交',
  'claim.serviceDateNotInFuture': '就诊日期晚于理赔申请日期，请核对',
  'claim.claimId': '理赔编号不能为空，且不超过 100 个字符',
  'claim.priorLayersWithinTotal': '基本医保、大病保险和医疗救助的支付合计超过了医疗总费用',
  'claim.linesNonEmpty': '理赔至少要有一条费用明细',
  'claim.residualWithinSelfBorne': '费用明细的个人负担合计超过了前几层支付后剩余的金额',
  'claim.exists': '没有已受理的这笔理赔',
  'claim.serviceDateWithinCoverage': '就诊日期不在保障期内，不予赔付',
  'claim.policyActiveOnServiceDate': '就诊当日此人的保障尚未生效或已终止，不予赔付',
  'claim.waitingPeriod': '就诊日期在等待期内，不予赔付',
  'claim.basicInsuranceNotSuspended':
    '就诊当日此人的基本医保处于暂停状态，不予赔付；补缴恢复后可重新申请',
  'payout.approvedOnce': '这笔赔款已经审批过',
  'payout.nothingToPay': '这笔理赔的赔付金额为 0，无需审批',
  'payout.coalitionSet': '本方案尚未设置共保体，赔款无法分摊，请先设置共保体',
  'payout.paidOnce': '这笔赔款已经支付过',
  'payout.approvedBeforePaid': '这笔赔款尚未审批，不能支付',
  'basicInsurance.suspensionReason': '请填写基本医保暂停的原因',
  'basicInsurance.oneOpenSuspension': '此人的基本医保已处于暂停状态，尚未恢复',
  'basicInsurance.suspensionsInOrder': '暂停日期与上一次暂停期重叠，请核对日期',
  'basicInsurance.backPaidBoolean': '是否补缴应填写“是”或“否”',
  'basicInsurance.openSuspensionMatches': '没有从这一天开始的基本医保暂停记录，请核对暂停日期',
  'basicInsurance.restoredAfterSuspension': '恢复日期早于暂停日期，请核对',
  'benefits.integerFen': '金额的最小单位为分，请核对金额',
  'benefits.nonNegativeFen': '金额不能为负数',
  'benefits.amountTooLarge': '金额过大，请核对',
  'benefits.flagBoolean': '“既往症”“异地就医”应填写“是”或“否”',
  'benefits.unknownResponsibility': '本方案没有这项保障责任，请核对责任代码',
  'benefits.duplicateLine': '同一保障责任（或同一药品）的费用明细重复了',
  'benefits.outOfAreaShareNotSet': '本方案未规定异地就医的计算比例，暂不能受理异地就医费用',
  'benefits.accumulatorExceedsCap': '累计金额超出了保障上限，请核对',
  'benefits.invalidSchedule': '保障责任的设置有误，请核对',
  // Scorecard.
  'scorecard.enabled': '本方案没有启用考核评分',
  'scorecard.knownTownship': '本方案中没有这个乡镇',
  'scorecard.item': '没有这个考核项目',
  'scorecard.pointsRange': '考核分数超出了该项目的分值范围',
  'scorecard.staffRelativesCounts': '职工家属人数和已参保人数应为整数，且已参保人数不超过家属人数',
  // The ledger itself.
  'command.noop': '这次提交没有任何改动',
};
