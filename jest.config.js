const shared = require('./jest.shared');
module.exports = {
  ...shared,
  displayName: 'unit',
  roots: ['<rootDir>/libs', '<rootDir>/apps'],
  testMatch: ['**/*.spec.ts'],
};
