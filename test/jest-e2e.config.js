const shared = require('../jest.shared');
module.exports = {
  ...shared,
  displayName: 'e2e',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
