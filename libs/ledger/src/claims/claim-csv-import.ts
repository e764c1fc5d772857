import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { invalid, shanghaiDate } from '@ledger/domain';
import { readOperatorFile, TabularFile } from '@ledger/tabular';
import { Clock } from '../core/clock';
import { refusalOf } from '../core/refusal';
import { PersonIdentities } from '../privacy/person-identities';
import { parseClaimCsv, parseClaimTable, ParsedClaim, ParsedClaimFile } from './claim-csv';
import { ClaimReceipt, SubmitClaimCommand } from './submit-claim.command';

/**
 * What happened to a row: its claim was adjudicated or rejected (recorded), was a duplicate of an
 * accepted claim id (nothing written), was refused by a rule (nothing written), the row itself
 * is malformed (nothing written), or the import failed on it unexpectedly.
 */
export type ClaimImportOutcome =
  'adjudicated' | 'rejected' | 'duplicate' | 'refused' | 'invalid' | 'failed';

export interface ClaimImportRow {
  /** Line in the file (the header is line 1). */
  row: number;
  planId?: string;
  personRef?: string;
  claimId?: string;
  outcome: ClaimImportOutcome;
  /** The payout of the whole claim the row belongs to (its rows share it), in fen. */
  claimPayoutFen?: number;
  /** Decided by an earlier run of the same import id: nothing written now. */
  replayed?: boolean;
  field?: string;
  rule?: string;
  message?: string;
  /** What the Chinese message is built from (the refusal's details). */
  params?: Record<string, unknown>;
}

export interface ClaimImportReport {
  source: string;
  importId: string;
  /** How the file was read: csv or xlsx, and the text encoding of a CSV. */
  format?: string;
  encoding?: string;
  rows: ClaimImportRow[];
  summary: { rows: number; claims: number; payoutFen: number } & Record<ClaimImportOutcome, number>;
}

/** A claim file read and checked, its claims ready to be submitted. */
export interface PreparedClaimImport {
  source: string;
  parsed: ParsedClaimFile;
  format: string;
  encoding?: string;
}

export interface ClaimImportOptions {
  /**
   * Part of every command id. Default: a fresh id, so running a file again re-evaluates claims
   * that were rejected (accepted ids come back as duplicates). Pass a stable id (e.g. the file's
   * hash) to make a re-run after a crash replay the first run's results instead.
   */
  importId?: string;
  actor?: string;
  /** Claims decided so far, of all claims in the file. */
  onProgress?: (done: number, total: number) => void;
  /** XLSX: the worksheet to read (default: the first). */
  sheet?: string;
  /** Stops the import between claims (what was decided stays). */
  signal?: AbortSignal;
}

/**
 * Batch claim import from CSV (format: see claim-csv.ts). Each claim goes through the same
 * command as the HTTP API, one after another; the report has one entry per row.
 */
@Injectable()
export class ClaimCsvImport {
  private readonly logger = new Logger('ClaimImport');

  constructor(
    private readonly commands: CommandBus,
    private readonly identities: PersonIdentities,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A claim file on disk: CSV (UTF-8 or GBK) or XLSX. */
  async importFile(path: string, options: ClaimImportOptions = {}): Promise<ClaimImportReport> {
    return this.importBytes(await readFile(path), basename(path), options);
  }

  /** An uploaded claim file: CSV (UTF-8 or GBK) or XLSX. */
  async importBytes(
    bytes: Uint8Array,
    source: string,
    options: ClaimImportOptions = {},
  ): Promise<ClaimImportReport> {
    return this.runPrepared(await this.prepareBytes(bytes, source, options), options);
  }

  /**
   * Reads a claim file, refusing what makes the whole file unreadable (encoding, format,
   * header) before any claim is submitted: an upload answers those at once.
   */
  async prepareBytes(
    bytes: Uint8Array,
    source: string,
    options: Pick<ClaimImportOptions, 'sheet'> = {},
  ): Promise<PreparedClaimImport> {
    const file = (await readOperatorFile(bytes, {
      fileName: source,
      accept: ['csv', 'xlsx'],
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    })) as TabularFile;
    const parsed = parseClaimTable(file);
    const header = parsed.errors.find((e) => e.field === 'header');
    if (header) throw invalid('header', header.rule, header.message, { line: header.row });
    return {
      source,
      parsed,
      format: file.format,
      ...(file.encoding ? { encoding: file.encoding } : {}),
    };
  }

  async runPrepared(
    prepared: PreparedClaimImport,
    options: ClaimImportOptions = {},
  ): Promise<ClaimImportReport> {
    const report = await this.importParsed(prepared.parsed, prepared.source, options);
    return {
      ...report,
      format: prepared.format,
      ...(prepared.encoding ? { encoding: prepared.encoding } : {}),
    };
  }

  async importText(
    text: string,
    source: string,
    options: ClaimImportOptions = {},
  ): Promise<ClaimImportReport> {
    return this.importParsed(parseClaimCsv(text), source, options);
  }

  private async importParsed(
    parsed: ParsedClaimFile,
    source: string,
    options: ClaimImportOptions,
  ): Promise<ClaimImportReport> {
    const importId = options.importId ?? randomUUID();
    const rows: ClaimImportRow[] = parsed.errors.map((e) => ({
      row: e.row,
      outcome: 'invalid',
      field: e.field,
      rule: e.rule,
      message: e.message,
    }));
    let claims = 0;
    for (const claim of parsed.claims) {
      options.signal?.throwIfAborted();
      claims++;
      const result = await this.submit(claim, importId, options.actor ?? 'cli:claim-import');
      for (const row of claim.rows) {
        rows.push({ row, planId: claim.planId, claimId: claim.claim.claimId, ...result });
      }
      options.onProgress?.(claims, parsed.claims.length);
    }
    rows.sort((a, b) => a.row - b.row);
    const count = (o: ClaimImportOutcome) => rows.filter((r) => r.outcome === o).length;
    return {
      source,
      importId,
      rows,
      summary: {
        rows: parsed.rowCount,
        claims,
        payoutFen: parsed.claims.reduce((s, c) => {
          const first = rows.find((r) => r.row === c.rows[0]);
          return (
            s +
            (first?.outcome === 'adjudicated' && !first.replayed ? (first.claimPayoutFen ?? 0) : 0)
          );
        }, 0),
        adjudicated: count('adjudicated'),
        rejected: count('rejected'),
        duplicate: count('duplicate'),
        refused: count('refused'),
        invalid: count('invalid'),
        failed: count('failed'),
      },
    };
  }

  private async submit(
    claim: ParsedClaim,
    importId: string,
    actor: string,
  ): Promise<Omit<ClaimImportRow, 'row' | 'planId' | 'claimId'>> {
    let personRef: string | undefined;
    try {
      personRef =
        'personRef' in claim.person
          ? claim.person.personRef
          : this.identities.refOf(
              claim.person.idNumber,
              'idNumber',
              shanghaiDate(this.clock.now()),
            );
      const receipt: ClaimReceipt = await this.commands.execute(
        new SubmitClaimCommand(claim.planId, personRef, claim.claim, claim.occurredAt, {
          commandId: `claim-import:${importId}:${claim.rows[0]}`,
          correlationId: `claim-import:${importId}`,
          actor,
        }),
      );
      const replayed = receipt.replayed ? { replayed: true } : {};
      return receipt.outcome === 'adjudicated'
        ? { personRef, outcome: 'adjudicated', claimPayoutFen: receipt.payoutFen, ...replayed }
        : { personRef, outcome: 'rejected', claimPayoutFen: 0, ...receipt.rejection, ...replayed };
    } catch (error) {
      const who = personRef ? { personRef } : {};
      const refusal = refusalOf(error);
      if (!refusal) {
        this.logger.error(`claim ${claim.claim.claimId}: ${String(error)}`);
        return {
          ...who,
          outcome: 'failed',
          rule: 'server.internal',
          message: 'internal error; nothing was recorded for this claim; import the file again',
        };
      }
      const [item] = refusal.errors;
      return {
        ...who,
        outcome: item.rule === 'claim.acceptedOnce' ? 'duplicate' : 'refused',
        field: item.field,
        rule: item.rule,
        message: item.message,
        ...(item.params ? { params: item.params } : {}),
      };
    }
  }
}
