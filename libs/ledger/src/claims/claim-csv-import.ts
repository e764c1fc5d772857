import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DomainError, shanghaiDate } from '@ledger/domain';
import { Clock } from '../core/clock';
import { ConcurrencyConflictError } from '../core/ledger-streams';
import { PersonIdentities } from '../privacy/person-identities';
import { parseClaimCsv, ParsedClaim } from './claim-csv';
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
  field?: string;
  rule?: string;
  message?: string;
}

export interface ClaimImportReport {
  source: string;
  importId: string;
  rows: ClaimImportRow[];
  summary: { rows: number; claims: number; payoutFen: number } & Record<ClaimImportOutcome, number>;
}

export interface ClaimImportOptions {
  /**
   * Part of every command id. Default: a fresh id, so running a file again re-evaluates claims
   * that were rejected (accepted ids come back as duplicates). Pass a stable id (e.g. the file's
   * hash) to make a re-run after a crash replay the first run's results instead.
   */
  importId?: string;
  actor?: string;
}

/**
 * Batch claim import from CSV (format: see claim-csv.ts). Each claim goes through the same
 * command as the HTTP API, one after another; the report has one entry per row.
 */
@Injectable()
export class ClaimCsvImport {
  constructor(
    private readonly commands: CommandBus,
    private readonly identities: PersonIdentities,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async importFile(path: string, options: ClaimImportOptions = {}): Promise<ClaimImportReport> {
    return this.importText(await readFile(path, 'utf8'), path, options);
  }

  async importText(
    text: string,
    source: string,
    options: ClaimImportOptions = {},
  ): Promise<ClaimImportReport> {
    const importId = options.importId ?? randomUUID();
    const parsed = parseClaimCsv(text);
    const rows: ClaimImportRow[] = parsed.errors.map((e) => ({
      row: e.row,
      outcome: 'invalid',
      field: e.field,
      rule: e.rule,
      message: e.message,
    }));
    let claims = 0;
    for (const claim of parsed.claims) {
      claims++;
      const result = await this.submit(claim, importId, options.actor ?? 'cli:claim-import');
      for (const row of claim.rows) {
        rows.push({ row, planId: claim.planId, claimId: claim.claim.claimId, ...result });
      }
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
          return s + (first?.outcome === 'adjudicated' ? (first.claimPayoutFen ?? 0) : 0);
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
      return receipt.outcome === 'adjudicated'
        ? { personRef, outcome: 'adjudicated', claimPayoutFen: receipt.payoutFen }
        : { personRef, outcome: 'rejected', claimPayoutFen: 0, ...receipt.rejection };
    } catch (error) {
      const who = personRef ? { personRef } : {};
      if (error instanceof DomainError) {
        return {
          ...who,
          outcome: error.rule === 'claim.acceptedOnce' ? 'duplicate' : 'refused',
          field: error.field,
          rule: error.rule,
          message: error.message,
        };
      }
      if (error instanceof ConcurrencyConflictError) {
        return {
          ...who,
          outcome: 'refused',
          rule: 'concurrency.expectedRevision',
          message: error.message,
        };
      }
      return {
        ...who,
        outcome: 'failed',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
