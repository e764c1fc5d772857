export * from './person-ref';
export * from './person-key-store.port';
export * from './sqlite-person-key-store';
export * from './identity-envelope';
export * from './random-pool';
export * from './person-key-file';
