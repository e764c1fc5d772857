import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fmt } from './machine';

/**
 * Summarizes a V8 CPU profile written by `node --cpu-prof`: the top functions by self time, the
 * top functions by inclusive time (each sample counted once per function on its stack), and self
 * time per package / source file. Usage:
 *   node dist/bench/cpu-profile-summary.js <file.cpuprofile | directory (newest profile)> [top]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  self: ProfileLine[];
  inclusive: ProfileLine[];
  byPackage: ProfileLine[];
}

const ROOT = process.cwd();

function shortUrl(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  return path.startsWith('/') ? relative(ROOT, path) : path;
}

/** node_modules package, dist/libs/<lib>, dist/apps/<app>, node: internals, or a VM pseudo-frame. */
function packageOf(frame: CallFrame): string {
  const url = shortUrl(frame.url);
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.includes('node_modules/')) {
    const parts = url.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node: internals';
  return url;
}

function frameName(frame: CallFrame): string {
  const url = shortUrl(frame.url);
  const fn = frame.functionName || '(anonymous)';
  return url ? `${fn} ${url}:${frame.lineNumber + 1}` : fn;
}

function top(map: Map<string, number>, totalMs: number, n: number): ProfileLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, share: ms / totalMs }));
}

export function summarizeProfile(file: string, n = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    totalMs += ms;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + ms);
    const pkg = packageOf(node.callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(root)') continue;
      const key = frameName(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  return {
    totalMs,
    self: top(self, totalMs, n),
    inclusive: top(inclusive, totalMs, n),
    byPackage: top(byPackage, totalMs, n),
  };
}

export function printProfileSummary(file: string, n = 25): void {
  const s = summarizeProfile(file, n);
  const line = (l: ProfileLine) =>
    `  ${(l.share * 100).toFixed(1).padStart(5)}%  ${fmt(l.ms).padStart(8)} ms  ${l.name}`;
  console.log(`profile ${file}: ${fmt(s.totalMs)} ms sampled`);
  console.log('self time by package / file:');
  s.byPackage.slice(0, 15).forEach((l) => console.log(line(l)));
  console.log('self time by function:');
  s.self.forEach((l) => console.log(line(l)));
  console.log('inclusive time by function:');
  s.inclusive.forEach((l) => console.log(line(l)));
}

/** The newest .cpuprofile in a directory. */
export function newestProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0];
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: cpu-profile-summary <file.cpuprofile | directory> [top]');
    process.exit(2);
  }
  const file = statSync(target).isDirectory() ? newestProfile(target) : target;
  printProfileSummary(file, Number(process.argv[3] ?? 25));
}
