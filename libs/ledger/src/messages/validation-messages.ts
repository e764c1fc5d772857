import { ErrorItem } from '../core/refusal';

/** A class-validator constraint's message, given the field's Chinese name. */
type ConstraintMessage = (field: string, item: ErrorItem) => string;

/**
 * Requests refused by the DTOs (400 validation.*): one text per constraint, naming the field in
 * Chinese. The ID number has its own wording: it is the field clerks get wrong most.
 */
export const VALIDATION_MESSAGES: Record<string, ConstraintMessage> = {
  isDefined: (f) => `缺少${f}`,
  isNotEmpty: (f) => `${f}不能为空`,
  isString: (f) => `${f}应为文字`,
  matches: (f, item) =>
    /idNumber$/.test(item.field)
      ? '身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X'
      : /phone$/.test(item.field)
        ? '电话号码格式有误：只能有数字、空格或短横线（5 至 20 位）'
        : /RegionCode$/.test(item.field)
          ? `${f}应为 6 位行政区划代码`
          : `${f}格式有误`,
  maxLength: (f) => `${f}太长了`,
  isIn: (f) => `${f}不是可选的值`,
  isInt: (f) => `${f}应为整数（金额以分为单位）`,
  min: (f) => `${f}小于允许的最小值`,
  max: (f) => `${f}大于允许的最大值`,
  isLength: (f) => `${f}的长度不符合要求`,
  isBoolean: (f) => `${f}应为是或否（true 或 false）`,
  isObject: (f) => `${f}格式有误`,
  isArray: (f) => `${f}应为一个列表`,
  arrayMinSize: (f) => `${f}至少要有一项`,
  arrayMaxSize: (f) => `${f}的项数超过了上限，请分批提交`,
  isIso8601: (f) => `${f}时间格式有误，请写成如 2024-01-31T09:30:00+08:00`,
  nestedValidation: (f) => `${f}格式有误`,
  whitelistValidation: (f) => `不认识的字段“${f}”，请删除`,
};
