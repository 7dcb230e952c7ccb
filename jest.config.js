// @ts-check
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

// jose ships ES modules only, which Jest's module system loads only on Node 24.9+: compiled like our own code.
const transform = { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc };
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

const moduleNameMapper = {
  // A library's framework-free entry point, e.g. @ledger/access/keys.
  '^@ledger/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2',
  '^@ledger/(.*)$': '<rootDir>/libs/$1/src',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/libs', '<rootDir>/apps'],
      testMatch: ['**/*.spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/run/e2e-timeout.js'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
  ],
  globalSetup: '<rootDir>/test/run/global-setup.js',
  globalTeardown: '<rootDir>/test/run/global-teardown.js',
  collectCoverageFrom: ['libs/*/src/**/*.ts', '!**/*.spec.ts', '!**/*.test-kit.ts', '!**/index.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: {
    './libs/domain/src/': { lines: 95 },
  },
};
