import { ErrorItem } from '../core/refusal';
import { lineNote, param } from './message-params';

type Message = string | ((item: ErrorItem) => string);

const listed = (label: string, value: string) => (value ? `${label}：${value}` : '');

/** Operators' files and their lines: what is wrong with the file, and what to do. */
export const IMPORT_MESSAGES: Record<string, Message> = {
  'file.empty': '文件是空的',
  'file.encoding':
    '无法识别文件的编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后重新上传',
  'file.format': (i) =>
    param(i, 'format') === 'XLS'
      ? '无法读取旧版 Excel 文件（.xls）：请在 Excel 中另存为 Excel 工作簿（.xlsx）或 CSV 后重新上传'
      : param(i, 'accepted')
        ? `本导入只接受 ${param(i, 'accepted')} 文件`
        : '无法读取该文件：请上传 CSV、Excel 工作簿（.xlsx）或 JSON Lines 文件',
  'file.sheet': (i) =>
    `工作簿中没有名为“${param(i, 'sheet')}”的工作表${param(i, 'sheets') ? `（现有：${param(i, 'sheets')}）` : ''}`,
  'file.numberPrecision': (i) =>
    `单元格 ${param(i, 'cells')} 中的数字超过 15 位，Excel 已丢失末几位（身份证号码被存成了数字）：请把该列设为“文本”格式，重新录入号码后再上传`,
  'file.header': (i) =>
    [
      `表头有误${lineNote(i)}`,
      listed('不认识的列', param(i, 'unknown')),
      listed('重复的列', param(i, 'repeated')),
      listed('缺少的列', param(i, 'missing')),
    ]
      .filter(Boolean)
      .join('；') + '。可用的列名见导入说明',
  'file.columnCount': '这一行的单元格数与表头不一致（单元格里的逗号要用英文双引号括起来）',
  'csv.syntax': (i) => `文件格式有误${lineNote(i)}：引号没有成对出现`,
  'csv.columnCount': '这一行的单元格数与表头不一致（单元格里的逗号要用英文双引号括起来）',
  'csv.integerFen': '金额应为整数（单位：分）',
  'csv.boolean': '应填写“是”或“否”',
  'csv.person': '每一行要填写参保人编号或身份证号码',
  'csv.claimColumnsDiffer': '同一理赔的各行中，就诊日期、医院、费用等内容不一致',
  'import.json': '这一行不是有效的 JSON',
  'import.rowsDiffer': '同一人的几行中，姓名、参保类别、乡镇等内容不一致',
  'import.idNumberAsNumber':
    '身份证号码被 Excel 显示成了科学计数法，末几位已丢失：请把该列设为“文本”格式后重新录入号码',
  'import.scheme': '参保类别应填写“职工”或“城乡居民”',
  'import.residentTier': '居民档次应填写“成年居民”“婴幼儿”或“中小学生”',
  'import.yesNo': '应填写“是”或“否”',
  'import.occurredAt': '参保时间格式有误，请写成如 2023-12-22 或 2023-12-22 09:30（北京时间）',
  'import.source': '缴费来源应为：个人缴费、个人账户、单位、财政全额资助、部门资助、村集体或慈善',
  'import.amount': '金额有误：请填写以元为单位、最多两位小数的金额，如 100 或 100.00',
  'import.relation': '与账户持有人关系应为：本人、配偶、父母或子女',
  'import.account': '账户类型应为：个人账户、历年账户或家庭共济账户',
  'import.deduction': '扣款状态应为“已扣款”或“待扣款”',
  'import.fund': '经费来源应为“福利费”或“工会经费”',
  'upload.file': '请选择要上传的文件（表单字段 file）',
  'upload.fileRequired':
    '此处只接受文件：请以 multipart/form-data（字段 file）上传 CSV、Excel 工作簿（.xlsx）或 JSON Lines 文件',
  'upload.tooLarge': '文件过大，请拆分后分批上传',
  'upload.tooManyFiles': '一次只能上传一个文件',
  'upload.field': '上传表单中有不认识的字段',
  'import.jobRunning': (i) =>
    `导入任务尚未完成${param(i, 'percent') ? `（已完成 ${param(i, 'percent')}%）` : ''}，完成后才能下载结果文件`,
  'import.jobNotFound':
    '没有这个导入任务（任务只保存在受理它的服务中，服务重启后请重新上传文件，已导入的行不会重复写入）',
};
