// Test tiers by file suffix: *.spec.ts (unit, pure), *.int.spec.ts (real RabbitMQ/PostgreSQL),
// test/**/*.system.spec.ts (the built services as real processes).
const { swcOptions } = require('./tools/swc-options.cjs');

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|cjs)$': ['@swc/jest', swcOptions()] },
  // NestJS 12 ships ES modules, and PGlite's CommonJS build loads Node built-ins with import():
  // Jest on Node 20 can run neither, so swc transforms them.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@electric-sql)/)'],
  setupFiles: ['reflect-metadata'],
};

// The system specs that run again in embedded mode: every one a feature must keep in both modes.
const EMBEDDED_SYSTEM_SPECS = [
  'api',
  'backpressure',
  'canary',
  'clips',
  'dashboard',
  'dashboard-browser',
  'dashboard-operations',
  'dedup',
  'fair-share',
  'delays',
  'detection',
  'job-search',
  'metrics',
  'operations',
  'ping',
  'pipelines',
  'priorities',
  'processing',
  'retention',
  'sse',
  'tenant-limits',
  'traces',
  'webhooks',
];

// The system tiers' files run one at a time, after or before the rest: each starts real services,
// and two files' services sharing two cores failed timing-bound specs in three of six runs.
const serial = { runner: '<rootDir>/tools/jest/serial-runner.cjs' };

module.exports = {
  // Unit and integration files two at a time (the cores here): they start no services.
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // tools/: checks of deploy/'s Prometheus and Grafana files (promtool, metric names).
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
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
      // The persistence integration tests again, on the embedded engine (PGlite).
      displayName: 'integration-embedded-db',
      setupFiles: [...shared.setupFiles, '<rootDir>/tools/jest/embedded-database.js'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/timeout-60s.js'],
      testMatch: ['<rootDir>/libs/persistence/src/**/*.int.spec.ts'],
      // The engine's own specs already run in 'integration'.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/libs/persistence/src/embedded/'],
    },
    {
      ...shared,
      ...serial,
      displayName: 'system',
      setupFilesAfterEnv: ['<rootDir>/tools/jest/timeout-180s.js'],
      testMatch: ['<rootDir>/test/**/*.system.spec.ts'],
    },
    {
      ...shared,
      ...serial,
      // The foundation system tests again, against embedded mode's one process.
      displayName: 'system-embedded',
      setupFiles: [...shared.setupFiles, '<rootDir>/tools/jest/embedded-mode.js'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/timeout-180s.js'],
      testMatch: EMBEDDED_SYSTEM_SPECS.map((name) => `<rootDir>/test/${name}.system.spec.ts`),
    },
  ],
};
