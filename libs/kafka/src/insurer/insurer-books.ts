import Database from 'better-sqlite3';
import { InsurerAccount, LedgerEventMessage } from '../schemas/ledger-event-message';

export interface InsurerBalance {
  planId: string;
  insurerId: string;
  account: InsurerAccount;
  amountFen: number;
  entries: number;
}

/** An insurer's figures over all plans, in fen. */
export interface InsurerTotals {
  premiumFen: number;
  payoutApprovedFen: number;
  payoutPaidFen: number;
}

const TOTAL_FIELD: Record<InsurerAccount, keyof InsurerTotals> = {
  premium: 'premiumFen',
  payout_approved: 'payoutApprovedFen',
  payout_paid: 'payoutPaidFen',
};

/**
 * An insurer's own premium and payout books, kept from the ledger's event feed: one journal
 * entry per event and account, and a running balance per plan and account. The ledger already
 * splits every premium and payout among the coalition (insurerParts), so booking is adding up;
 * the insurer never recomputes a split. Writes only through `db`, synchronously, so it runs
 * inside SqliteInbox.accept's transaction.
 */
export class InsurerBooks {
  private readonly insertEntry: Database.Statement<
    [string, string, string, string, number, string]
  >;
  private readonly addToBalance: Database.Statement<[string, string, string, number]>;

  /** `insurerIds`: the members whose books these are ("all" for a coalition-wide service). */
  constructor(
    private readonly db: Database.Database,
    private readonly insurerIds: ReadonlySet<string> | 'all',
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS insurer_entries (
        event_id TEXT NOT NULL, insurer_id TEXT NOT NULL, account TEXT NOT NULL, plan_id TEXT NOT NULL,
        amount_fen INTEGER NOT NULL, position TEXT NOT NULL,
        PRIMARY KEY (event_id, insurer_id, account)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS insurer_balances (
        plan_id TEXT NOT NULL, insurer_id TEXT NOT NULL, account TEXT NOT NULL,
        amount_fen INTEGER NOT NULL, entries INTEGER NOT NULL,
        PRIMARY KEY (plan_id, insurer_id, account)
      ) WITHOUT ROWID;
    `);
    this.insertEntry = db.prepare(
      'INSERT INTO insurer_entries (event_id, insurer_id, account, plan_id, amount_fen, position) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.addToBalance = db.prepare(
      `INSERT INTO insurer_balances (plan_id, insurer_id, account, amount_fen, entries) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (plan_id, insurer_id, account) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen,
         entries = entries + 1`,
    );
  }

  /** Books the event's parts for this insurer; returns how many entries it made. */
  apply(message: LedgerEventMessage): number {
    const amounts = new Map<
      string,
      { insurerId: string; account: InsurerAccount; amountFen: number }
    >();
    for (const part of message.insurerParts) {
      if (this.insurerIds !== 'all' && !this.insurerIds.has(part.insurerId)) continue;
      if (!Number.isSafeInteger(part.amountFen)) {
        throw new RangeError(
          `event ${message.eventId}: amountFen of ${part.insurerId} is not integer fen`,
        );
      }
      const id = `${part.insurerId}\u0000${part.account}`;
      const sum = amounts.get(id) ?? {
        insurerId: part.insurerId,
        account: part.account,
        amountFen: 0,
      };
      amounts.set(id, { ...sum, amountFen: sum.amountFen + part.amountFen });
    }
    const planId = message.planId ?? '';
    for (const { insurerId, account, amountFen } of amounts.values()) {
      this.insertEntry.run(
        message.eventId,
        insurerId,
        account,
        planId,
        amountFen,
        message.position,
      );
      this.addToBalance.run(planId, insurerId, account, amountFen);
    }
    return amounts.size;
  }

  balances(): InsurerBalance[] {
    return this.db
      .prepare(
        `SELECT plan_id AS planId, insurer_id AS insurerId, account, amount_fen AS amountFen, entries
         FROM insurer_balances ORDER BY plan_id, insurer_id, account`,
      )
      .all() as InsurerBalance[];
  }

  /** Per insurer over all plans. */
  totals(): Map<string, InsurerTotals> {
    const out = new Map<string, InsurerTotals>();
    for (const b of this.balances()) {
      const t = out.get(b.insurerId) ?? { premiumFen: 0, payoutApprovedFen: 0, payoutPaidFen: 0 };
      t[TOTAL_FIELD[b.account]] += b.amountFen;
      out.set(b.insurerId, t);
    }
    return out;
  }
}
