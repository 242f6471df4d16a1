/**
 * The PostgreSQL pass of `npm test` (see run-pg-pass.js): the whole API suite
 * again, now on PostgreSQL (TEST_DATABASE_URL), plus the multi-instance and
 * life-cycle tests that only make sense there. Same tests, same helpers.
 * @type {import('jest').Config}
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/api/**/*.test.ts', '<rootDir>/test/multi/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
  // Server processes are stopped by the tests; should one ever outlive them, the run still ends.
  forceExit: true,
};
