// Shared jest settings: swc for speed (type checking is `npm run typecheck`), aliases as in tsconfig.
const fs = require('node:fs');
const path = require('node:path');
const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc.jest.json'), 'utf8'));
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ledger/(domain|event-store|projections|kafka|plans|privacy|ledger|audit)$':
      '<rootDir>/libs/$1/src',
    '^@ledger/(domain|event-store|projections|kafka|plans|privacy|ledger|audit)/(.*)$':
      '<rootDir>/libs/$1/src/$2',
  },
};
