export * from './idempotency-key';
export * from './request-fingerprint';
export * from './idempotency-records';
export * from './sqlite-idempotency-records';
export * from './event-store-idempotency-records';
