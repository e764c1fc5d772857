export * from './import-outcomes';
export * from './results-file';
export * from './import-jobs';
