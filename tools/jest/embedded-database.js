// The persistence integration tests run on the embedded engine (PGlite) in this project.
process.env.JOBMILL_TEST_DATABASE = 'embedded';
