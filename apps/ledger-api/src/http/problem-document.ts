import { Bilingual, Language, LocalizedErrorItem } from '@ledger/ledger';

/** Problem types by status class; each is described in docs/errors.md. */
const PROBLEMS: Record<number, { slug: string; title: Bilingual }> = {
  400: { slug: 'malformed-request', title: { zh: '请求格式有误', en: 'Malformed request' } },
  401: { slug: 'unauthenticated', title: { zh: '未登录或密钥无效', en: 'Not authenticated' } },
  403: { slug: 'forbidden', title: { zh: '无权访问', en: 'Forbidden' } },
  404: { slug: 'not-found', title: { zh: '找不到', en: 'Not found' } },
  405: { slug: 'method-not-allowed', title: { zh: '不支持此操作', en: 'Method not allowed' } },
  409: { slug: 'conflict', title: { zh: '与台账现状冲突', en: 'Conflict with the ledger' } },
  413: { slug: 'payload-too-large', title: { zh: '提交内容过大', en: 'Payload too large' } },
  415: {
    slug: 'unsupported-media-type',
    title: { zh: '不支持的内容类型或编码', en: 'Unsupported media type' },
  },
  422: { slug: 'rule-violated', title: { zh: '不符合规则', en: 'A rule was not met' } },
  429: { slug: 'too-many-requests', title: { zh: '请求过于频繁', en: 'Too many requests' } },
  500: { slug: 'internal-error', title: { zh: '系统内部错误', en: 'Internal error' } },
  503: { slug: 'unavailable', title: { zh: '暂停受理', en: 'Service unavailable' } },
};

/** The base of every problem type URI; docs/errors.md lists them. */
export const PROBLEM_TYPE_BASE = 'urn:huiminbao-ledger:problem:';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  correlationId: string;
  errors: LocalizedErrorItem[];
}

/** RFC 9457 members plus the ledger's own: the correlation id and one item per field and rule. */
export function problemDocument(
  status: number,
  errors: LocalizedErrorItem[],
  language: Language,
  path: string,
  correlationId: string,
): ProblemDocument {
  const problem = PROBLEMS[status] ?? (status >= 500 ? PROBLEMS[500] : PROBLEMS[400]);
  return {
    type: PROBLEM_TYPE_BASE + problem.slug,
    title: problem.title[language],
    status,
    detail: errors.map((e) => e.message).join(language === 'zh' ? '；' : '; '),
    // The path only: a query string may carry what does not belong in logs or answers.
    instance: path.split('?')[0],
    correlationId,
    errors,
  };
}
