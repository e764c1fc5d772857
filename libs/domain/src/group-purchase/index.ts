export * from './group-purchase-events';
export * from './group-purchase-state';
export * from './group-purchase-decider';
export * from './remittance-reconciliation';
