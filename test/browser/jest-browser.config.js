// The browser suites (issue 14): real headless Chromium (Debian's package, installed by
// scripts/ensure-chromium.sh) against the ledger, run by scripts/test.sh after the e2e suites.
const shared = require('../../jest.shared');
module.exports = {
  ...shared,
  displayName: 'browser',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/browser/global-setup.js',
};
