// Shared jest settings: swc for speed (type checking is `npm run typecheck`), aliases as in tsconfig.
const fs = require('node:fs');
const path = require('node:path');
const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc.jest.json'), 'utf8'));
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // jose and @nestjs/terminus ship ES modules only; jest (before Node 24.9) loads CommonJS,
    // so swc converts them (the built app loads them with Node's require of ES modules).
    '/node_modules/(jose|@nestjs/terminus)/.+\\.js$': [
      '@swc/jest',
      { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } }, swcrc: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@nestjs/terminus)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ledger/(domain|event-store|projections|kafka|plans|privacy|ledger|access|tabular|audit)$':
      '<rootDir>/libs/$1/src',
    '^@ledger/(domain|event-store|projections|kafka|plans|privacy|ledger|access|tabular|audit)/(.*)$':
      '<rootDir>/libs/$1/src/$2',
  },
};
