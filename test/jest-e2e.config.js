const shared = require('../jest.shared');
module.exports = {
  ...shared,
  displayName: 'e2e',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.e2e-spec.ts'],
  testTimeout: 120000,
  // The dashboard routes serve the built front-end (dist/dashboard).
  globalSetup: '<rootDir>/test/support/build-dashboard.global-setup.js',
};
