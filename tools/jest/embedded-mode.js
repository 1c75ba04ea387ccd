// The platform fixture (test/support/platform-fixture.ts) starts embedded mode's one process
// instead of the four services.
process.env.JOBMILL_TEST_MODE = 'embedded';
