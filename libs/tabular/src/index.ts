export * from './tabular-row';
export * from './decode-text';
export * from './csv-records';
export * from './xlsx-rows';
export * from './read-operator-file';
export * from './columns';
export * from './cell-values';
export * from './tabular-writer';
