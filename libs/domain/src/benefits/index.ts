export * from './responsibility';
export * from './benefit-rule-error';
export * from './accumulators';
export * from './payable-portions';
export * from './schedule-validation';
export * from './benefit-calculation';
export * from './seed-schedules';
