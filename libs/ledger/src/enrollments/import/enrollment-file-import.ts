import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  EnrollBatchCommand,
  EnrollmentBatchItem,
  EnrollmentOutcome,
} from '../enroll-batch.command';
import { ParsedLine, RawLine } from './enrollment-line';
import { EnrollmentLineParser } from './enrollment-line-parser';
import {
  count,
  EnrollmentBatchSummary,
  EnrollmentLineResult,
  lineResultOf,
  summarize,
} from './enrollment-line-result';

export interface EnrollmentImportOptions {
  /** Names the import in every event's commandId; default: the SHA-256 of the file, so that
   * running the same file again writes nothing twice. */
  importId?: string;
  actor: string;
  /** Enrollments decided together (their appends share a group commit). */
  batchSize?: number;
  /** Every line's result, in file order, as soon as it is known. */
  onLine?: (result: EnrollmentLineResult) => void;
}

export interface EnrollmentImportReport {
  importId: string;
  summary: EnrollmentBatchSummary;
  /** Where lines were validated: a worker thread in the compiled ledger. */
  validatedIn: 'worker thread' | 'main thread';
}

/**
 * Imports a JSON Lines file of enrollments (one POST /enrollments body per line; blank lines and
 * lines starting with # are skipped) for one plan: each line validated by the same DTO as the
 * API (in a worker thread, see EnrollmentLineParser), then decided in batches. Streams the file:
 * a city's campaign does not fit in memory as results, so only the summary is kept and lines are
 * reported through onLine.
 */
@Injectable()
export class EnrollmentFileImport {
  private readonly logger = new Logger('EnrollmentImport');

  constructor(private readonly commands: CommandBus) {}

  async importFile(
    planId: string,
    path: string,
    options: EnrollmentImportOptions,
  ): Promise<EnrollmentImportReport> {
    const importId = options.importId ?? (await fileDigest(path));
    const batchSize = options.batchSize ?? 1_000;
    const summary = summarize([]);
    const parser = new EnrollmentLineParser();
    const validatedIn = parser.inWorkerThread ? 'worker thread' : 'main thread';
    // Chunk k+1 is validated (in the worker thread) while chunk k is decided.
    let validating: Promise<ParsedLine[]> | undefined;
    const decideValidated = async () => {
      if (!validating) return;
      const parsed = await validating;
      validating = undefined;
      for (const result of await this.decide(planId, importId, options.actor, parsed)) {
        count(summary, result);
        options.onLine?.(result);
      }
    };
    const validateNext = async (chunk: RawLine[]) => {
      const next = parser.parse(chunk);
      next.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      await decideValidated();
      validating = next;
    };
    try {
      const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
      let chunk: RawLine[] = [];
      let lineNo = 0;
      for await (const text of lines) {
        lineNo++;
        const trimmed = text.trim();
        if (trimmed === '' || trimmed.startsWith('#')) continue;
        chunk.push([lineNo, trimmed]);
        if (chunk.length >= batchSize) {
          await validateNext(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) await validateNext(chunk);
      await decideValidated();
    } finally {
      await parser.close();
    }
    return { importId, summary, validatedIn };
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

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 32);
}
