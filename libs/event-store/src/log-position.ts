import { LogPosition, START_POSITION } from './event-store.port';

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** "commit/prepare", the form positions take in checkpoints, headers and query strings. */
export function formatPosition(p: LogPosition): string {
  return p.commit === p.prepare ? p.commit.toString() : `${p.commit}/${p.prepare}`;
}

/** Accepts "123" (commit = prepare) or "123/120". Returns undefined when malformed. */
export function parsePosition(text: string): LogPosition | undefined {
  const m = /^(\d{1,20})(?:\/(\d{1,20}))?$/.exec(text.trim());
  if (!m) return undefined;
  const commit = BigInt(m[1]);
  return { commit, prepare: m[2] === undefined ? commit : BigInt(m[2]) };
}

export function positionOf(seq: number | bigint): LogPosition {
  const n = BigInt(seq);
  return { commit: n, prepare: n };
}

export { START_POSITION };
