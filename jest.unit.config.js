module.exports = {
  displayName: 'unit',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
  transform: { '^.+\\.ts$': require('./jest.swc.js') },
  testEnvironment: 'node',
  moduleNameMapper: { '^content-disposition$': '<rootDir>/test/setup/content-disposition.cjs' },
};
