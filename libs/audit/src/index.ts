// The global commitment over the log, seals, proofs, the read-only verifier, the running ledger's
// integrity monitor and sealer, and the audit export.
export * from './merkle';
export * from './leaf/audit-leaf';
export * from './leaf/position-list';
export * from './seal/seal';
export * from './seal/seal-key';
export * from './seal/log-sealed-event';
export * from './seal/published-seal';
export * from './sidecar/leaf-sidecar';
export * from './verify/finding';
export * from './verify/stream-heads';
export * from './verify/log-source';
export * from './verify/log-walker';
export * from './verify/verify-log';
export * from './monitor/ledger-integrity-error';
export * from './monitor/integrity-monitor';
export * from './monitor/log-sealer';
export * from './config/audit-settings';
export * from './config/audit-open';
export * from './export/ledger-figures';
export * from './export/audit-bundle';
export * from './monitor/tail-reader';
