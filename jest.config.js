/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': 'ts-jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  testTimeout: 30000,
  // Multi-instance tests need PostgreSQL and the built server: npm test runs them in its PostgreSQL pass (test/multi/run-pg-pass.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/multi/'],
};
