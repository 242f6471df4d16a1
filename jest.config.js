/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Tests run as CommonJS in jest's VM (a native import() needs --experimental-vm-modules); tsc checks them with node16 resolution.
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node16' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  // Sources import siblings as './x.js' (moduleResolution node16); jest finds the .ts/.tsx file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // UI modules format with the shared i18n runtime: English is active unless a test activates another language.
  setupFiles: ['<rootDir>/test/setup/i18n-en.ts'],
  // Multi-instance tests need PostgreSQL and the built server: npm test runs them in its PostgreSQL pass (test/multi/run-pg-pass.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/multi/'],
};
