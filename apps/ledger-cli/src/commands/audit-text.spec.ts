import { Finding, FindingKind } from '@ledger/audit';
import { findingText, sealTime } from './audit-text';

const KINDS: FindingKind[] = [
  'position_missing',
  'position_invalid',
  'position_order',
  'revision_gap',
  'prev_hash_mismatch',
  'hash_mismatch',
  'missing_hash',
  'seal_invalid',
  'seal_mismatch',
  'seal_beyond_log',
  'seal_missing_from_log',
  'recorded_differently',
  'log_shorter_than_recorded',
];

describe("the audit tools' report in the auditor's language", () => {
  const finding = (kind: FindingKind): Finding => ({
    kind,
    position: '57',
    streamId: 'policy-ganzhou-2024-abc',
    revision: '0',
    eventId: 'e1',
    message: 'content does not match its hash',
  });

  it.each(KINDS)('names %s in Chinese, keeping the kind and the detail beside it', (kind) => {
    const zh = findingText(finding(kind), 'zh');
    expect(zh).toMatch(/^位置 57：[\u4e00-\u9fff]/);
    expect(zh).toContain('policy-ganzhou-2024-abc@0 e1');
    expect(zh).toContain(`（${kind}）`);
    expect(findingText(finding(kind), 'en')).toBe(
      `position 57: ${kind} policy-ganzhou-2024-abc@0 e1: content does not match its hash`,
    );
  });

  it('shows a seal time in Beijing time to a Chinese reader, the recorded UTC instant in English', () => {
    expect(sealTime('2024-01-31T16:00:00.000Z', 'zh')).toBe('2024-02-01 00:00:00（北京时间）');
    expect(sealTime('2024-01-31T16:00:00.000Z', 'en')).toBe('2024-01-31T16:00:00.000Z');
  });
});
