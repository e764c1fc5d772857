import type { LocalizedName } from './api/api-types';

/**
 * Chinese first, English on request: every text of the page is here, in both languages. The
 * choice is kept in localStorage (no cookie: nothing for the server to read). Parameters are
 * substituted into plain text, which the page only ever puts into text nodes.
 */
export type Language = 'zh' | 'en';

const MESSAGES = {
  appTitle: ['惠民保参保看板', 'Huiminbao enrollment dashboard'],
  language: ['English', '中文'],
  languageHint: ['Switch to English', '切换为中文'],
  loading: ['正在加载…', 'Loading…'],
  plans: ['保险方案', 'Plans'],
  plansIntro: ['选择一个方案查看参保进度。', 'Choose a plan to see its enrollment progress.'],
  noPlans: ['您的账号下没有可查看的方案。', 'No plan is visible to your account.'],
  planStatusDraft: ['草稿（参数未齐）', 'Draft (values missing)'],
  planStatusReady: ['已发布', 'Published'],
  planTownships: ['{n} 个乡镇', '{n} townships'],
  planWindow: ['参保期 {from} 至 {to}', 'Enrollment {from} to {to}'],
  planNoWindow: ['参保期未定', 'Enrollment window not set'],
  open: ['打开看板', 'Open dashboard'],
  // Log-in
  loginTitle: ['登录', 'Log in'],
  loginIntro: [
    '请输入管理员发放给您的访问密钥（或单点登录令牌）。登录后浏览器只保存会话，不保存密钥。',
    'Enter the access key (or single sign-on token) you were given. The browser keeps a session, never the key.',
  ],
  loginKey: ['访问密钥或令牌', 'Access key or token'],
  loginSubmit: ['登录', 'Log in'],
  loginEmpty: ['请输入访问密钥。', 'Please enter an access key.'],
  loginFailed: ['登录失败：{detail}', 'Log-in failed: {detail}'],
  logout: ['退出登录', 'Log out'],
  openMode: ['本机开放模式', 'open mode (this machine)'],
  // Roles
  role_operator: ['经办人员', 'Operator'],
  role_township_official: ['乡镇工作人员', 'Township official'],
  role_county_official: ['县级主管部门', 'County official'],
  role_insurer: ['承保公司', 'Insurer'],
  role_auditor: ['审计人员', 'Auditor'],
  role_privacy_officer: ['个人信息保护负责人', 'Privacy officer'],
  role_viewer: ['只读用户', 'Viewer'],
  noDashboardForRole: [
    '您的角色（{role}）没有参保看板可查看。',
    'Your role ({role}) has no dashboard to view.',
  ],
  // Errors
  planNotFound: ['找不到保险方案“{planId}”。', 'There is no plan “{planId}”.'],
  planForbidden: [
    '您的账号无权查看保险方案“{planId}”。',
    'Your account may not view plan “{planId}”.',
  ],
  townshipForbidden: ['您的账号无权查看该乡镇。', 'Your account may not view this township.'],
  backToPlans: ['返回方案列表', 'Back to the plans'],
  errorGeneric: ['加载失败：{detail}', 'Could not load: {detail}'],
  sessionExpired: ['登录已失效，请重新登录。', 'Your session has ended: please log in again.'],
  // Tabs and toolbar
  tabProgress: ['参保进度', 'Enrollment progress'],
  tabInsurers: ['共保体', 'Coinsurance'],
  tabScorecard: ['考核评分', 'Scorecard'],
  asOf: ['截至日期', 'As of'],
  asOfLatest: ['最新', 'Latest'],
  asOfDeadline: ['截止日 {date}', 'Deadline {date}'],
  asOfShowing: ['显示截至 {date} 24:00 的数据', 'Figures as of the end of {date}'],
  asOfShowingLatest: ['显示最新数据', 'Latest figures'],
  downloadCsv: ['下载 CSV', 'Download CSV'],
  liveConnecting: ['正在连接实时更新…', 'Connecting to live updates…'],
  liveOn: ['实时更新中 · {time} 更新', 'Live · updated {time}'],
  liveReconnecting: ['连接中断，正在重新连接…', 'Connection lost, reconnecting…'],
  livePolling: ['每分钟刷新 · {time} 更新', 'Refreshed every minute · updated {time}'],
  // KPIs
  kpiActive: ['已参保人数', 'Enrolled'],
  kpiPending: ['另有 {n} 人待扣款', '{n} more pending payment'],
  kpiRate: ['参保率', 'Enrollment rate'],
  kpiRateBase: ['基数 {n} 人', 'Base {n}'],
  kpiCompletion: ['{level}完成率', '{level} completion'],
  kpiTargetGap: ['目标 {target} 人 · 还差 {gap} 人', 'Target {target} · {gap} to go'],
  kpiTargetReached: ['目标 {target} 人 · 已达标', 'Target {target} · reached'],
  kpiPremium: ['已收保费', 'Premium collected'],
  kpiDaysLeft: ['距截止', 'Days left'],
  kpiDaysLeftValue: ['{n} 天', '{n} days'],
  kpiDeadlineToday: ['今日截止', 'Closes today'],
  kpiClosed: ['已截止', 'Closed'],
  kpiNoDeadline: ['未定', 'Not set'],
  kpiDeadlineOn: ['截止日 {date}', 'Deadline {date}'],
  kpiNotStarted: ['{date} 开始参保', 'Opens {date}'],
  kpiSubjectCounty: ['全县', 'County'],
  kpiSubjectMine: ['本辖区', 'Your area'],
  countyContext: ['全县：已参保 {active} 人', 'County: {active} enrolled'],
  // Charts
  trendTitle: ['每日参保与累计进度', 'Daily enrollments and cumulative progress'],
  trendDaily: ['当日参保', 'Enrolled that day'],
  trendEnded: ['当日退保/失效', 'Ended that day'],
  trendCumulative: ['累计净参保', 'Cumulative (net)'],
  trendPace: ['按期进度线', 'Pace to the deadline'],
  trendTarget: ['{level} {target}', '{level} {target}'],
  trendShowTarget: ['显示目标线', 'Show target lines'],
  trendEmpty: ['暂无参保记录。', 'No enrollments yet.'],
  rankingTitle: ['乡镇完成率排名', 'Townships ranked by completion'],
  districtTitle: ['片区完成情况', 'Districts (片区)'],
  sourceTitle: ['按缴费来源', 'By payment source'],
  categoryTitle: ['按资助类别', 'By subsidy category'],
  dailyTitle: ['每日参保人数', 'Daily enrollments'],
  // Table
  tableTitle: ['乡镇参保进度', 'Township progress'],
  groupByDistrict: ['按片区分组', 'Group by district (片区)'],
  colRank: ['排名', 'Rank'],
  colTownship: ['乡镇（街道）', 'Township'],
  colDistrict: ['片区', 'District'],
  colBase: ['参保基数', 'Base'],
  colActive: ['已参保', 'Enrolled'],
  colPending: ['待扣款', 'Pending'],
  colRate: ['参保率', 'Rate'],
  colTarget: ['{level}', '{level}'],
  colCompletion: ['{level}完成率', '{level} completion'],
  colGap: ['{level}差额', '{level} gap'],
  colPremium: ['已收保费（元）', 'Premium (yuan)'],
  colAtDeadline: ['截止日参保', 'At deadline'],
  colStatus: ['状态', 'Status'],
  colPeople: ['人数', 'People'],
  colSource: ['缴费来源', 'Payment source'],
  colCategory: ['资助类别', 'Subsidy category'],
  colDate: ['日期', 'Date'],
  colEnrolled: ['参保', 'Enrolled'],
  colEnded: ['退保/失效', 'Ended'],
  sortHint: ['点击列标题排序', 'Click a column heading to sort'],
  countyRow: ['全县合计（{name}）', 'County total ({name})'],
  districtRow: ['{name} 小计', '{name} subtotal'],
  unassignedRow: ['未指定乡镇', 'No township'],
  noTownshipTable: [
    '此方案尚未导入乡镇任务表，暂无乡镇进度。',
    'This plan has no township table yet: there is no township progress.',
  ],
  unnamedTownship: ['未命名乡镇（任务表第 {row} 行）', 'Unnamed township (table row {row})'],
  unnamedTownshipNoRow: ['未命名乡镇', 'Unnamed township'],
  noData: ['无', 'none'],
  // Status
  status_stretch: ['达到力争目标', 'Aimed target reached'],
  status_reached: ['已达标', 'Target reached'],
  status_onPace: ['进度正常', 'On pace'],
  status_behind: ['进度落后', 'Behind pace'],
  status_open: ['未达标', 'Not reached'],
  status_none: ['无目标', 'No target'],
  // Levels
  level_required: ['应达目标', 'Required'],
  level_stretch: ['力争目标', 'Aimed'],
  level_task: ['任务数', 'Task'],
  // Sources
  source_individual: ['个人缴费', 'Individual'],
  source_personal_account: ['医保个人账户', 'Personal account'],
  source_employer: ['单位或工会', 'Employer or union'],
  source_government_full_subsidy: ['财政全额资助', 'Government full subsidy'],
  source_department_subsidy: ['部门资助', 'Department subsidy'],
  source_village_collective: ['村集体', 'Village collective'],
  source_charity: ['慈善', 'Charity'],
  // Township view
  backToCounty: ['← 返回全县', '← Back to the county'],
  townshipOf: ['{township} · {district}', '{township} · {district}'],
  // Insurers
  insurersTitle: ['共保体成员保费与赔付', 'Coalition premium income and payouts'],
  insurerKpiPremium: ['保费收入', 'Premium income'],
  insurerKpiShare: ['共保份额 {share}', 'Share {share}'],
  insurerKpiRank: ['共保体排名', 'Rank in the coalition'],
  insurerKpiRankValue: ['第 {rank} 名 / 共 {n} 家', '{rank} of {n}'],
  insurerKpiApproved: ['已核准赔付', 'Payouts approved'],
  insurerKpiPaid: ['已支付 {amount}', '{amount} paid'],
  insurerKpiLossRatio: ['赔付率', 'Loss ratio'],
  coalitionTotal: ['共保体保费合计', 'Coalition premium total'],
  coalitionUnallocated: ['待分配 {amount}', '{amount} unallocated'],
  coalitionPayouts: ['共保体已核准赔付', 'Coalition payouts approved'],
  colInsurer: ['保险公司', 'Insurer'],
  colLead: ['主承', 'Lead'],
  colShare: ['份额', 'Share'],
  colPremiumIncome: ['保费收入（元）', 'Premium income (yuan)'],
  colApproved: ['核准赔付（元）', 'Approved (yuan)'],
  colPaid: ['已付赔款（元）', 'Paid (yuan)'],
  colLossRatio: ['赔付率', 'Loss ratio'],
  leadYes: ['主承保', 'lead'],
  promotionTitle: ['片区助推保险公司', 'Insurers promoting each district (片区)'],
  colPromoting: ['助推公司', 'Promoting insurers'],
  payoutsTitle: ['按保障责任赔付', 'Payouts by responsibility'],
  colResponsibility: ['保障责任', 'Responsibility'],
  colLines: ['理赔项', 'Claim lines'],
  colAdjudicated: ['理算金额（元）', 'Adjudicated (yuan)'],
  noPayouts: ['暂无赔付。', 'No payouts yet.'],
  // Scorecard
  scorecardTitle: ['乡镇参保工作考核评分', 'Township scorecard'],
  scorecardOff: ['此方案未启用考核评分。', 'This plan has no scorecard.'],
  colTotal: ['总分', 'Total'],
  score_task_completion: ['任务完成', 'Task completion'],
  score_rate_bonus: ['超目标加分', 'Above-target bonus'],
  score_hardship_subsidy_bonus: ['困难群体资助', 'Hardship subsidy'],
  score_staff_relatives_bonus: ['财政供养人员亲属', 'Staff relatives'],
  score_organization: ['组织领导', 'Organization'],
  score_publicity: ['宣传发动', 'Publicity'],
  score_public_opinion: ['舆情', 'Public opinion'],
} as const;

export type MessageKey = keyof typeof MESSAGES;

const STORAGE_KEY = 'huiminbao.dashboard.language';
let language: Language = readStoredLanguage();

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  language = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage: the choice then lasts for this page only.
  }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES, key);
}

/** The text of a message in the current language, {name} placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = MESSAGES[key][language === 'zh' ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** A message whose key is built from data (a role, a source), or the raw value if unknown. */
export function tOr(prefix: string, value: string): string {
  const key = `${prefix}_${value}`;
  return hasMessage(key) ? t(key) : value;
}

/** A place or product name in the current language (the other one when it is blank). */
export function nameOf(name: LocalizedName | undefined): string {
  if (!name) return '';
  return language === 'zh' ? name.zh || name.en : name.en || name.zh;
}
