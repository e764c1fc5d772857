import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  EnrollBatchCommand,
  EnrollmentBatchItem,
  EnrollmentOutcome,
} from '../commands/enroll-batch.command';
import { EnrollmentDto } from '../http/dto/enrollment.dto';
import { validationItems } from '../http/refusal';
import {
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
}

/**
 * Imports a JSON Lines file of enrollments (one POST /enrollments body per line; blank lines and
 * lines starting with # are skipped) for one plan: each line validated by the same DTO as the
 * API, then decided in batches. Streams the file: a city's campaign does not fit in memory as
 * results, so only the summary is kept and lines are reported through onLine.
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
    const report = (result: EnrollmentLineResult) => {
      summary.lines++;
      summary[result.outcome]++;
      options.onLine?.(result);
    };
    let batch: { line: number; item: EnrollmentBatchItem }[] = [];
    // Results wait here until every earlier line is reported, so onLine sees file order.
    let ready: EnrollmentLineResult[] = [];
    const flush = async () => {
      const items = batch;
      batch = [];
      const outcomes: EnrollmentOutcome[] = items.length
        ? await this.commands.execute(
            new EnrollBatchCommand(
              planId,
              items.map((b) => b.item),
            ),
          )
        : [];
      const decided = outcomes.map((outcome, i) =>
        lineResultOf(items[i].line, outcome, (error) =>
          this.logger.error(`line ${items[i].line}: ${String(error)}`),
        ),
      );
      for (const result of [...ready, ...decided].sort((a, b) => a.line - b.line)) report(result);
      ready = [];
    };

    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const text of lines) {
      lineNo++;
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const parsed = parseLine(trimmed, lineNo);
      if ('invalid' in parsed) {
        ready.push(parsed.invalid);
        continue;
      }
      batch.push({
        line: lineNo,
        item: {
          request: parsed.request,
          ctx: {
            commandId: `enrollment-import:${importId}:${lineNo}`,
            correlationId: `enrollment-import:${importId}`,
            actor: options.actor,
          },
        },
      });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return { importId, summary };
  }
}

function parseLine(
  text: string,
  line: number,
): { request: EnrollmentDto } | { invalid: EnrollmentLineResult } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return invalid(line, 'line', 'import.json', `not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return invalid(line, 'line', 'import.json', 'each line must be one JSON object');
  }
  const request = plainToInstance(EnrollmentDto, value);
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    return { invalid: { line, outcome: 'invalid', status: 400, errors: validationItems(errors) } };
  }
  return { request };
}

function invalid(line: number, field: string, rule: string, message: string) {
  return {
    invalid: {
      line,
      outcome: 'invalid' as const,
      status: 400,
      errors: [{ field, rule, message }],
    },
  };
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 32);
}
