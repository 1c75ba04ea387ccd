// Test tiers by file suffix: *.spec.ts (unit, pure), *.int.spec.ts (real RabbitMQ/PostgreSQL),
// test/**/*.system.spec.ts (the built services as real processes).
const { swcOptions } = require('./tools/swc-options.cjs');

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', swcOptions()] },
  // NestJS 12 ships ES modules; Jest on Node 20 cannot require() them, so swc transforms them.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs)/)'],
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'integration',
      setupFilesAfterEnv: ['<rootDir>/tools/jest/timeout-60s.js'],
      testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts'],
    },
    {
      ...shared,
      displayName: 'system',
      setupFilesAfterEnv: ['<rootDir>/tools/jest/timeout-180s.js'],
      testMatch: ['<rootDir>/test/**/*.system.spec.ts'],
    },
  ],
};
