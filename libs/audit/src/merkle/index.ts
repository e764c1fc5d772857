export * from './hashes';
export * from './merkle-frontier';
export * from './leaf-hash-list';
export * from './merkle-tree';
export * from './merkle-proofs';
