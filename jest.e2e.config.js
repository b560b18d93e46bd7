module.exports = {
  displayName: 'e2e',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': require('./jest.swc.js') },
  testEnvironment: 'node',
  moduleNameMapper: { '^content-disposition$': '<rootDir>/test/setup/content-disposition.cjs' },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
