import {
  chineseMessage,
  ErrorItem,
  fieldName,
  Language,
  outcomeName,
  refusalOf,
} from '@ledger/ledger';

/**
 * The language the CLI writes in: --lang, else LEDGER_LANG, else the locale (LC_ALL,
 * LC_MESSAGES, LANG: en_US.UTF-8 gives English); Chinese otherwise, as for every clerk-facing
 * text of the ledger.
 */
export function cliLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): Language {
  const chosen = flag ?? env.LEDGER_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^en/i.test(chosen) ? 'en' : 'zh';
}

/** What a command prints: in the chosen language, or as one JSON document with --json. */
export class CliOutput {
  constructor(
    readonly language: Language,
    readonly json: boolean,
    private readonly stdout: (text: string) => void = (t) => process.stdout.write(t),
  ) {}

  /** A line for people (nothing with --json: the JSON document is the whole output). */
  line(zh: string, en: string): void {
    if (!this.json) this.stdout(`${this.language === 'zh' ? zh : en}\n`);
  }

  /** The machine-readable result (only with --json). */
  document(value: unknown): void {
    if (this.json) this.stdout(`${JSON.stringify(value, bigints, 2)}\n`);
  }

  /**
   * One line of an import that was not accepted: "第 7 行 未受理 身份证号码：…（rule: English）"
   * in Chinese; "line 7 refused person.idNumber: rule English" in English.
   */
  refusedLine(
    line: number,
    outcome: string,
    errors: readonly (ErrorItem & { column?: string })[],
    extra = '',
  ): void {
    const name = outcomeName(outcome);
    const zh = errors
      .map((e) => {
        const message = chineseMessage(e);
        const where = e.column ?? fieldName(e.field);
        // No "这一行：这一行…" or "乡镇：…乡镇…": the message names its field already.
        const prefix = ['line', 'row'].includes(e.field) && !e.column ? '' : `${where}：`;
        return `${message.includes(where) ? '' : prefix}${message}（${e.rule}: ${e.message}）`;
      })
      .join('；');
    const en = errors.map((e) => ` ${e.column ?? e.field}: ${e.rule} ${e.message}`).join(';');
    this.line(
      `第 ${line} 行 ${name.zh}${extra ? ` ${extra}` : ''} ${zh}`.trimEnd(),
      `line ${line} ${name.en}${extra ? ` ${extra}` : ''}${en}`,
    );
  }

  /** A refusal of the whole run (unknown plan, unreadable file), for stderr. */
  refusal(error: unknown): string | undefined {
    const refusal = refusalOf(error);
    if (!refusal) return undefined;
    return refusal.errors
      .map((e) =>
        this.language === 'zh'
          ? `${chineseMessage(e)}（${e.rule}: ${e.message}）`
          : `${e.field}: ${e.rule} ${e.message}`,
      )
      .join('\n');
  }
}

const bigints = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value;
