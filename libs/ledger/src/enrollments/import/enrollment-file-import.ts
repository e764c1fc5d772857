import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { notFound, PlanDefinition } from '@ledger/domain';
import {
  ColumnLayout,
  readColumns,
  readOperatorFile,
  streamJsonLines,
  TabularFormat,
} from '@ledger/tabular';
import { PlanRepository } from '../../core/plan-repository';
import {
  EnrollBatchCommand,
  EnrollmentBatchItem,
  EnrollmentOutcome,
} from '../enroll-batch.command';
import { ENROLLMENT_COLUMNS, EnrollmentColumn } from './enrollment-columns';
import { ParsedLine, RawLine } from './enrollment-line';
import { EnrollmentLineParser } from './enrollment-line-parser';
import {
  count,
  EnrollmentBatchSummary,
  EnrollmentLineResult,
  lineResultOf,
  summarize,
} from './enrollment-line-result';
import { enrollmentsFromRows, locateInRows } from './enrollment-table';

export interface EnrollmentImportOptions {
  /** Names the import in every event's commandId; default: the SHA-256 of the file, so that
   * running the same file again writes nothing twice. */
  importId?: string;
  actor: string;
  /** Enrollments decided together (their appends share a group commit). */
  batchSize?: number;
  /** Every line's result, in file order, as soon as it is known. */
  onLine?: (result: EnrollmentLineResult) => void;
  /** How far the import is: rows (or, for a streamed JSON Lines file, bytes) done of the total. */
  onProgress?: (done: number, total: number) => void;
  /** XLSX: the worksheet to read (default: the first). */
  sheet?: string;
  /** The file's name as uploaded (a .xlsx name that is not XLSX is refused). */
  fileName?: string;
  /** Stops the import between batches (what was decided stays; run it again to finish). */
  signal?: AbortSignal;
  /** JSON Lines files larger than this are streamed (default 32 MB). */
  streamAboveBytes?: number;
}

export interface EnrollmentImportReport {
  importId: string;
  planId: string;
  format: TabularFormat | 'jsonl';
  /** CSV and JSON Lines read whole: how the text was encoded (utf-8, utf-8-bom, gb18030, …). */
  encoding?: string;
  /** XLSX: the worksheet read. */
  sheet?: string;
  summary: EnrollmentBatchSummary;
  /** Where lines were validated: a worker thread in the compiled ledger. */
  validatedIn: 'worker thread' | 'main thread';
}

/** A file read and checked, its enrollments ready to be decided. */
export interface PreparedEnrollmentImport {
  importId: string;
  planId: string;
  format: TabularFormat | 'jsonl';
  encoding?: string;
  sheet?: string;
  /** Rows (or JSON lines) of the file: the total progress is counted against. */
  totalRows: number;
  items: ImportItem[];
  layout?: ColumnLayout<EnrollmentColumn>;
}

/** What the import decides: a line's JSON body, or a line already refused while reading. */
type ImportItem =
  | { line: number; lines?: number[]; text: string }
  | { line: number; lines?: number[]; invalid: EnrollmentLineResult };

/** JSON Lines larger than this are streamed instead of read whole (and must then be UTF-8). */
const STREAM_ABOVE_BYTES = 32 * 1024 * 1024;

/**
 * Imports a channel's enrollment file for one plan: JSON Lines (one POST /enrollments body per
 * line), or a CSV or XLSX sheet with Chinese or English headers (one row per contribution,
 * docs/imports.md). Each enrollment is validated by the same DTO as the API (in a worker
 * thread, see EnrollmentLineParser), then decided in batches. Results are reported through
 * onLine, in file order, with the file's own line numbers; only the summary is kept, so a city's
 * campaign streams through without its results in memory.
 */
@Injectable()
export class EnrollmentFileImport {
  private readonly logger = new Logger('EnrollmentImport');

  constructor(
    private readonly commands: CommandBus,
    private readonly plans: PlanRepository,
  ) {}

  /** The plan, or a refusal before the file is read (an unknown plan fails fast). */
  async plan(planId: string): Promise<PlanDefinition> {
    const state = await this.plans.get(planId);
    if (!state) throw notFound('planId', 'plan.notFound', `plan ${planId} does not exist`);
    return state.definition;
  }

  /** A file on disk: a large JSON Lines file is streamed, anything else read whole. */
  async importFile(
    planId: string,
    path: string,
    options: EnrollmentImportOptions,
  ): Promise<EnrollmentImportReport> {
    await this.plan(planId);
    const size = (await stat(path)).size;
    if (
      size > (options.streamAboveBytes ?? STREAM_ABOVE_BYTES) &&
      (await startsLikeJsonLines(path))
    ) {
      const importId = options.importId ?? (await fileDigest(path));
      const items = async function* (): AsyncGenerator<ImportItem> {
        for await (const l of streamJsonLines(path)) {
          options.onProgress?.(l.bytesRead, size);
          yield 'text' in l
            ? { line: l.line, text: l.text }
            : {
                line: l.line,
                invalid: {
                  line: l.line,
                  outcome: 'invalid',
                  status: 400,
                  errors: [
                    {
                      field: 'line',
                      rule: 'file.encoding',
                      message: 'the line is not UTF-8 text (JSON Lines files are UTF-8)',
                    },
                  ],
                },
              };
        }
      };
      const summary = await this.run(planId, importId, items(), options);
      options.onProgress?.(size, size);
      return { importId, planId, format: 'jsonl', ...summary };
    }
    return this.importBytes(planId, await readFile(path), {
      ...options,
      fileName: options.fileName ?? basename(path),
    });
  }

  /** An uploaded file (or one read whole): JSON Lines, CSV (UTF-8 or GBK) or XLSX. */
  async importBytes(
    planId: string,
    bytes: Uint8Array,
    options: EnrollmentImportOptions,
  ): Promise<EnrollmentImportReport> {
    return this.runPrepared(await this.prepareBytes(planId, bytes, options), options);
  }

  /**
   * Reads a file into the enrollments it holds, refusing what makes the whole file unreadable
   * (unknown plan, encoding, format, header) before anything is decided: an upload answers
   * those at once, and runs the rest as a job.
   */
  async prepareBytes(
    planId: string,
    bytes: Uint8Array,
    options: Pick<EnrollmentImportOptions, 'importId' | 'sheet' | 'fileName'>,
  ): Promise<PreparedEnrollmentImport> {
    const plan = await this.plan(planId);
    const file = await readOperatorFile(bytes, {
      ...(options.fileName ? { fileName: options.fileName } : {}),
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    });
    const described = {
      importId: options.importId ?? digest(bytes),
      planId,
      format: file.format,
      ...('encoding' in file && file.encoding ? { encoding: file.encoding } : {}),
      ...('sheet' in file && file.sheet ? { sheet: file.sheet } : {}),
    };
    if (file.format === 'jsonl') {
      const items = file.lines.map((l) => ({ line: l.line, text: l.text }));
      return { ...described, totalRows: items.length, items };
    }
    const { layout, records } = readColumns(file, ENROLLMENT_COLUMNS);
    const items: ImportItem[] = enrollmentsFromRows(records, layout, plan).map((e) =>
      e.body
        ? { line: e.lines[0], lines: e.lines, text: JSON.stringify(e.body) }
        : {
            line: e.lines[0],
            lines: e.lines,
            invalid: {
              line: e.lines[0],
              ...(e.lines.length > 1 ? { lines: e.lines } : {}),
              outcome: 'invalid',
              status: 400,
              errors: e.errors ?? [],
            },
          },
    );
    return { ...described, totalRows: records.length, items, layout };
  }

  /** Decides a prepared file's enrollments. */
  async runPrepared(
    prepared: PreparedEnrollmentImport,
    options: EnrollmentImportOptions,
  ): Promise<EnrollmentImportReport> {
    const { items, layout, totalRows, ...described } = prepared;
    const summary = await this.run(
      prepared.planId,
      prepared.importId,
      items,
      options,
      totalRows,
      layout,
    );
    return { ...described, ...summary };
  }

  /** Validates chunk k+1 (in the worker thread) while chunk k is decided. */
  private async run(
    planId: string,
    importId: string,
    items: Iterable<ImportItem> | AsyncIterable<ImportItem>,
    options: EnrollmentImportOptions,
    totalRows?: number,
    layout?: ColumnLayout<EnrollmentColumn>,
  ): Promise<{ summary: EnrollmentBatchSummary; validatedIn: 'worker thread' | 'main thread' }> {
    const batchSize = options.batchSize ?? 1_000;
    const summary = summarize([]);
    const parser = new EnrollmentLineParser();
    const validatedIn = parser.inWorkerThread ? 'worker thread' : 'main thread';
    let rowsDone = 0;
    let validating: Promise<{ parsed: ParsedLine[]; chunk: ImportItem[] }> | undefined;
    /** The chunk being decided and reported; the next one may be decided meanwhile. */
    let reporting: Promise<void> | undefined;
    const report = (chunk: ImportItem[], results: EnrollmentLineResult[]) => {
      const rows = new Map(chunk.map((i) => [i.line, i.lines]));
      for (const result of results) {
        const lines = rows.get(result.line);
        const located: EnrollmentLineResult =
          layout && result.errors
            ? {
                ...result,
                errors: result.errors.map((e) => locateInRows(e, lines ?? [result.line], layout)),
              }
            : result;
        if (lines && lines.length > 1) located.lines = lines;
        count(summary, located);
        options.onLine?.(located);
        rowsDone += lines?.length ?? 1;
      }
      if (totalRows !== undefined) options.onProgress?.(rowsDone, totalRows);
    };
    // Two chunks are decided at once: while chunk k waits for its keys' commit and the log's
    // sync (off the event loop), chunk k+1 is sealed and decided. Results are still reported in
    // line order, and a person in both chunks is still enrolled by the earlier line: its append
    // is queued first, so the later one meets the stream and is refused as a duplicate.
    const decideValidated = async () => {
      if (!validating) return;
      const { parsed, chunk } = await validating;
      validating = undefined;
      const earlier = reporting;
      const decided = this.decide(planId, importId, options.actor, parsed);
      decided.catch(() => undefined); // awaited below, after the earlier chunk's report
      reporting = (async () => {
        await earlier;
        report(chunk, await decided);
      })();
      reporting.catch(() => undefined); // awaited by the next call or at the end
      await earlier;
    };
    const validateNext = async (chunk: ImportItem[]) => {
      const raw: RawLine[] = [];
      const invalid: ParsedLine[] = [];
      for (const item of chunk) {
        if ('invalid' in item) invalid.push({ line: item.line, invalid: item.invalid });
        else raw.push([item.line, item.text]);
      }
      const next = parser.parse(raw).then((parsed) => ({ parsed: [...parsed, ...invalid], chunk }));
      next.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      await decideValidated();
      validating = next;
    };
    try {
      let chunk: ImportItem[] = [];
      for await (const item of items) {
        options.signal?.throwIfAborted();
        chunk.push(item);
        if (chunk.length >= batchSize) {
          await validateNext(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) await validateNext(chunk);
      await decideValidated();
      await reporting;
    } finally {
      // On failure, let the chunk still being decided settle before the validator closes.
      await reporting?.catch(() => undefined);
      await parser.close();
    }
    return { summary, validatedIn };
  }

  /** The valid lines of a chunk as one batch; the results of the whole chunk in line order. */
  private async decide(
    planId: string,
    importId: string,
    actor: string,
    parsed: ParsedLine[],
  ): Promise<EnrollmentLineResult[]> {
    const valid: { line: number; item: EnrollmentBatchItem }[] = [];
    const results: EnrollmentLineResult[] = [];
    for (const p of parsed) {
      if ('invalid' in p) {
        results.push(p.invalid);
        continue;
      }
      valid.push({
        line: p.line,
        item: {
          request: p.request,
          ctx: {
            commandId: `enrollment-import:${importId}:${p.line}`,
            correlationId: `enrollment-import:${importId}`,
            actor,
          },
        },
      });
    }
    if (valid.length > 0) {
      const outcomes = await this.commands.execute<EnrollBatchCommand, EnrollmentOutcome[]>(
        new EnrollBatchCommand(
          planId,
          valid.map((v) => v.item),
        ),
      );
      outcomes.forEach((outcome, i) => {
        const { line } = valid[i];
        results.push(
          lineResultOf(line, outcome, (error) =>
            this.logger.error(`line ${line}: ${String(error)}`),
          ),
        );
      });
    }
    return results.sort((a, b) => a.line - b.line);
  }
}

/** The import id a file gets by default: its content's SHA-256 (32 hex digits). */
export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 32);
}

/** The first line that is not blank or a # comment opens a JSON object. */
async function startsLikeJsonLines(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const first = head.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    return first?.trim().startsWith('{') ?? false;
  } finally {
    await handle.close();
  }
}
