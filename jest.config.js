const shared = require('./jest.shared');
module.exports = {
  ...shared,
  displayName: 'unit',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/scripts'],
  testMatch: ['**/*.spec.ts'],
};
