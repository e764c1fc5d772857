export * from './event-store.port';
export * from './errors';
export * from './log-position';
export * from './stream-names';
export * from './tamper-evidence';
export * from './sqlite/sqlite-event-store';
export * from './sqlite/sqlite-file-settings';
export * from './kurrentdb';
