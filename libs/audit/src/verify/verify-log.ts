import { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { formatPosition, parsePosition } from '@ledger/event-store';
import { MerkleTree } from '../merkle/merkle-tree';
import { verifyConsistency } from '../merkle/merkle-proofs';
import { readSealFile, PublishedSeal } from '../seal/published-seal';
import { sealProblem, SealBody, SignedSeal } from '../seal/seal';
import { LeafSidecar, SidecarLeaves } from '../sidecar/leaf-sidecar';
import { Finding, sortFindings } from './finding';
import { LogSource } from './log-source';
import { LogWalker } from './log-walker';

/** A seal file as read (before the log, see loadVerifyInputs). */
export type LoadedSeal =
  | { readonly file: string; readonly absent: true }
  | { readonly file: string; readonly unreadable: string }
  | {
      readonly file: string;
      readonly seal: unknown;
      readonly recordedAs?: PublishedSeal['recordedAs'];
    };

/** The running ledger's record as read (before the log). */
export type LoadedRecord =
  | { readonly file: string; readonly absent: true }
  | {
      readonly file: string;
      readonly leaves: SidecarLeaves;
      readonly alarms: { detectedAt: string; finding: unknown }[];
    };

/** What verifyLog compares the log with, read before the log is opened. */
export interface VerifyInputs {
  /** The latest seal as published outside the log; a missing file is reported, not fatal. */
  readonly published?: LoadedSeal;
  /** An earlier seal the auditor kept (--since-seal): prove the log extends it. */
  readonly since?: LoadedSeal;
  /** The running ledger's record of verified leaves (ledger.audit.sqlite), read-only. */
  readonly record?: LoadedRecord;
}

/**
 * Reads the seal files and the record. Call it before opening the log: a running ledger writes
 * them only after the events they describe are committed, so read first they never describe more
 * than the log read after them (read after, they could, and look like a removed tail).
 */
export function loadVerifyInputs(files: {
  publishedSealFile?: string;
  sinceSealFile?: string;
  recordFile?: string;
}): VerifyInputs {
  const seal = (file: string, role: 'published' | 'since'): LoadedSeal => {
    if (!existsSync(file)) {
      if (role === 'since') throw new UsageError(`no seal file ${file}`);
      return { file, absent: true };
    }
    try {
      return { file, ...readSealFile(file) };
    } catch (error) {
      if (role === 'since') throw new UsageError(`${file} is not a seal file: ${String(error)}`);
      return { file, unreadable: String(error) };
    }
  };
  let record: LoadedRecord | undefined;
  if (files.recordFile) {
    const sidecar = LeafSidecar.openReadOnly(files.recordFile);
    if (!sidecar) record = { file: files.recordFile, absent: true };
    else {
      try {
        record = { file: files.recordFile, leaves: sidecar.readAll(), alarms: sidecar.alarms() };
      } finally {
        sidecar.close();
      }
    }
  }
  return {
    published: files.publishedSealFile ? seal(files.publishedSealFile, 'published') : undefined,
    since: files.sinceSealFile ? seal(files.sinceSealFile, 'since') : undefined,
    record,
  };
}

export interface VerifyLogOptions {
  readonly source: LogSource;
  /** Keys whose seals are trusted, by key id (the published public key). */
  readonly trustedKeys: ReadonlyMap<string, KeyObject>;
  readonly inputs?: VerifyInputs;
  readonly onProgress?: (eventsRead: number) => void;
}

export interface ConsistencyResult {
  readonly fromTreeSize: number;
  readonly toTreeSize: number;
  readonly toRoot: string;
  /** What the second tree is: the log as it stands, or the ledger's own latest seal. */
  readonly to: 'log' | 'latest-seal';
  readonly proof: string[];
  readonly verified: boolean;
}

export interface SealCheck {
  readonly file: string;
  readonly body?: SealBody;
  /** ok, or why not. */
  readonly status: 'ok' | 'absent' | 'invalid' | 'mismatch' | 'beyond-log';
  readonly consistency?: ConsistencyResult[];
}

export interface VerifyReport {
  readonly source: string;
  readonly events: number;
  readonly streams: number;
  readonly head?: string;
  readonly rootHash: string;
  readonly sealsInLog: number;
  readonly latestSeal?: SealBody;
  readonly published?: SealCheck;
  readonly since?: SealCheck;
  readonly sidecar: string;
  /** First bad position first. */
  readonly findings: Finding[];
  readonly warnings: string[];
}

/**
 * The read-only verification of the whole log (`ledger verify`): per-stream chains and positions,
 * the global commitment against every seal recorded in the log, the latest published seal, and an
 * earlier seal an auditor kept; the running ledger's record of verified leaves names the exact
 * position where a sealed stretch changed. Nothing is written anywhere.
 */
export async function verifyLog(options: VerifyLogOptions): Promise<VerifyReport> {
  const findings: Finding[] = [];
  const warnings: string[] = [];
  const walker = new LogWalker({
    trustedKeys: options.trustedKeys,
    contiguousPositions: options.source.contiguousPositions,
    onFinding: (f) => findings.push(f),
  });
  for await (const batch of options.source.batches()) {
    for (const event of batch) walker.accept(event);
    options.onProgress?.(walker.size);
  }
  const inputs = options.inputs ?? {};
  const published = inputs.published
    ? checkExternalSeal(walker, inputs.published, 'published', options, findings)
    : undefined;
  const since = inputs.since
    ? checkExternalSeal(walker, inputs.since, 'since', options, findings)
    : undefined;
  const sidecar = compareWithSidecar(walker, options, findings, warnings, [
    ...(published?.status === 'ok' || published?.status === 'mismatch' ? [published] : []),
    ...(since?.status === 'ok' || since?.status === 'mismatch' ? [since] : []),
  ]);
  if (walker.seals.length === 0 && !published?.body) {
    warnings.push(
      'no seal anywhere: nothing anchors the log, so only the per-stream chains could be checked (seal it: ledger audit seal)',
    );
  }
  const latest = [...walker.seals].reverse().find((s) => !sealProblem(s.seal, options.trustedKeys));
  return {
    source: options.source.description,
    events: walker.size,
    streams: walker.streams,
    head: walker.lastPosition ? formatPosition(walker.lastPosition) : undefined,
    rootHash: walker.frontier.root().toString('hex'),
    sealsInLog: walker.seals.length,
    latestSeal: latest?.seal.body,
    published,
    since,
    sidecar,
    findings: sortFindings(dedupe(findings)),
    warnings,
  };
}

function checkExternalSeal(
  walker: LogWalker,
  loaded: LoadedSeal,
  role: 'published' | 'since',
  options: VerifyLogOptions,
  findings: Finding[],
): SealCheck {
  const file = loaded.file;
  const name = role === 'published' ? 'the published seal' : `the seal in ${file}`;
  if ('absent' in loaded) return { file, status: 'absent' };
  if ('unreadable' in loaded) {
    findings.push({
      kind: 'seal_invalid',
      message: `${name} (${file}) is not readable: ${loaded.unreadable}`,
    });
    return { file, status: 'invalid' };
  }
  const read = loaded;
  const problem = sealProblem(read.seal, options.trustedKeys);
  if (problem) {
    if (role === 'since') throw new UsageError(`${file}: ${problem}`);
    findings.push({
      kind: 'seal_invalid',
      message: `${name} (${file}) cannot be trusted: ${problem}`,
    });
    return { file, status: 'invalid' };
  }
  const seal = read.seal as SignedSeal;
  const body = seal.body;
  const n = walker.size;
  if (body.treeSize > n) {
    findings.push({
      index: n,
      position: nextPosition(walker, options),
      kind: 'seal_beyond_log',
      message: `${name} covers ${body.treeSize} events up to position ${body.lastPosition}, but the log holds only ${n}${walker.lastPosition ? ` and ends at position ${formatPosition(walker.lastPosition)}` : ''}: events were removed from the end`,
    });
    return { file, body, status: 'beyond-log' };
  }
  if (!walker.matchesSeal(seal)) {
    const from = walker.lastGoodSealBefore(body.treeSize);
    findings.push({
      index: from,
      position: walker.positionAt(from),
      kind: 'seal_mismatch',
      message: `the log no longer matches ${name} of ${body.treeSize} events (sealed ${body.sealedAt}): an event at one of positions ${walker.positionAt(from)}..${body.lastPosition} was altered, removed, inserted or moved`,
    });
    return { file, body, status: 'mismatch' };
  }
  if (role === 'published' && read.recordedAs) {
    const recorded = walker.seals.find((s) => s.seal.signature === seal.signature);
    if (!recorded) {
      const at = parsePosition(read.recordedAs.position);
      findings.push({
        index: n,
        position: read.recordedAs.position,
        streamId: read.recordedAs.streamId,
        revision: read.recordedAs.revision,
        eventId: read.recordedAs.eventId,
        kind: 'seal_missing_from_log',
        message: `the published seal's own LogSealed event is not in the log${at && walker.lastPosition && at.commit > walker.lastPosition.commit ? ` (the log ends at position ${formatPosition(walker.lastPosition)}: events were removed from the end)` : ' (deleted)'}`,
      });
    } else if (formatPosition(recorded.position) !== read.recordedAs.position) {
      findings.push({
        index: recorded.index,
        position: formatPosition(recorded.position),
        kind: 'seal_missing_from_log',
        message: `the published seal was recorded at position ${read.recordedAs.position}, but the log has it at ${formatPosition(recorded.position)}: events before it were removed, inserted or moved`,
      });
    }
  }
  return {
    file,
    body,
    status: 'ok',
    consistency: role === 'since' ? consistencyFrom(walker, seal, options) : undefined,
  };
}

/** RFC 9162 consistency proofs from an earlier seal to the log and to the ledger's latest seal. */
function consistencyFrom(
  walker: LogWalker,
  seal: SignedSeal,
  options: VerifyLogOptions,
): ConsistencyResult[] {
  const first = seal.body.treeSize;
  const firstRoot = Buffer.from(seal.body.rootHash, 'hex');
  const targets: { size: number; root: Buffer; to: ConsistencyResult['to'] }[] = [
    { size: walker.size, root: walker.frontier.root(), to: 'log' },
  ];
  const latest = [...walker.seals]
    .reverse()
    .find((s) => s.matches && !sealProblem(s.seal, options.trustedKeys));
  if (latest && latest.seal.body.treeSize >= first && latest.seal.body.treeSize !== walker.size) {
    targets.push({
      size: latest.seal.body.treeSize,
      root: Buffer.from(latest.seal.body.rootHash, 'hex'),
      to: 'latest-seal',
    });
  }
  return targets.map(({ size, root, to }) => {
    const proof = walker.tree.consistencyProof(first, size);
    return {
      fromTreeSize: first,
      toTreeSize: size,
      toRoot: root.toString('hex'),
      to,
      proof: proof.map((p) => p.toString('hex')),
      verified: verifyConsistency(first, size, firstRoot, root, proof),
    };
  });
}

/**
 * The running ledger's record, if it agrees with every signed seal it covers (else it is not
 * evidence of anything and is ignored): the first leaf where the log differs from it is the exact
 * position of a change, and a record longer than the log shows a removed tail.
 */
function compareWithSidecar(
  walker: LogWalker,
  options: VerifyLogOptions,
  findings: Finding[],
  warnings: string[],
  externalSeals: readonly SealCheck[],
): string {
  const record = options.inputs?.record;
  if (!record) return 'not given';
  if ('absent' in record) return `absent (${record.file})`;
  const recorded = record.leaves;
  for (const alarm of record.alarms) {
    const f = alarm.finding as Partial<Finding>;
    warnings.push(
      `the running ledger raised an alarm on ${alarm.detectedAt}: position ${f.position ?? '?'}: ${f.kind ?? '?'}: ${f.message ?? ''}`,
    );
  }
  const tree = new MerkleTree(recorded.leaves);
  const seals = [
    ...walker.seals
      .filter((s) => !sealProblem(s.seal, options.trustedKeys))
      .map((s) => s.seal.body),
    ...externalSeals.flatMap((c) => (c.body ? [c.body] : [])),
  ];
  for (const body of seals) {
    if (body.treeSize > recorded.leaves.size) continue;
    if (tree.rootAt(body.treeSize).toString('hex') !== body.rootHash) {
      warnings.push(
        `${record.file} does not match the seal of ${body.treeSize} events: it is not this log's record (or was altered) and was not used`,
      );
      return `ignored (${record.file} does not match the seals)`;
    }
  }
  const common = Math.min(recorded.leaves.size, walker.size);
  for (let i = 0; i < common; i++) {
    const samePosition = formatPosition(recorded.positions.at(i)) === walker.positionAt(i);
    if (!samePosition || !recorded.leaves.leafHash(i).equals(walker.leaves.leafHash(i))) {
      const was = formatPosition(recorded.positions.at(i));
      findings.push({
        index: i,
        position: walker.positionAt(i),
        kind: 'recorded_differently',
        message: samePosition
          ? `the event here is not the one the running ledger verified and recorded at this position (altered, replaced, or moved here)`
          : `the running ledger verified the ${ordinal(i + 1)} event of the log at position ${was}; the log now has position ${walker.positionAt(i)} there (events removed, inserted or moved)`,
      });
      refineSealFindings(findings, i, walker);
      return `used (${recorded.leaves.size} leaves)`;
    }
  }
  if (recorded.leaves.size > walker.size) {
    const first = formatPosition(recorded.positions.at(walker.size));
    const last = formatPosition(recorded.positions.at(recorded.leaves.size - 1));
    findings.push({
      index: walker.size,
      position: first,
      kind: 'log_shorter_than_recorded',
      message: `the running ledger verified events up to position ${last}, but the log ends ${walker.lastPosition ? `at position ${formatPosition(walker.lastPosition)}` : 'empty'}: events from position ${first} on were removed`,
    });
  }
  return `used (${recorded.leaves.size} leaves)`;
}

/** A seal mismatch bracketed between seals is pinned to the exact leaf the record shows. */
function refineSealFindings(findings: Finding[], index: number, walker: LogWalker): void {
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k];
    if (f.kind === 'seal_mismatch' && f.index !== undefined && f.index <= index) {
      const position = walker.positionAt(index);
      findings[k] = {
        ...f,
        index,
        position,
        message: f.message.replace(
          /an event at one of positions \S+ was altered, removed, inserted or moved/,
          `it differs from the sealed tree first at position ${position} (the running ledger's record of the sealed leaves, checked against the seals, shows where)`,
        ),
      };
    }
  }
}

function nextPosition(walker: LogWalker, options: VerifyLogOptions): string | undefined {
  if (!options.source.contiguousPositions) return undefined;
  const next = (walker.lastPosition?.commit ?? 0n) + 1n;
  return next.toString();
}

function ordinal(n: number): string {
  return `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}|${f.index}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A mistake in what the caller asked for (exit 2), not a finding about the log. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
