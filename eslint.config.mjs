// Lint is where the architecture is enforced: project tags decide who may import whom, and
// amqplib / typeorm stay inside the one library that owns them (transport / persistence).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const allow = (sourceTag, ...onlyDependOnLibsWithTags) => ({ sourceTag, onlyDependOnLibsWithTags });

const AMQP = [{ name: 'amqplib', message: 'amqplib is used only inside libs/transport.' }];
const DATABASE = [
  { name: 'typeorm', message: 'typeorm is used only inside libs/persistence.' },
  { name: 'pg', message: 'pg is used only inside libs/persistence.' },
  {
    name: '@electric-sql/pglite',
    message: 'The embedded database is used only inside libs/persistence.',
  },
  {
    name: '@electric-sql/pglite-socket',
    message: 'The embedded database is used only inside libs/persistence.',
  },
];
// The api runs no jobs: the runtime's index would load the job server and @nestjs/microservices.
const JOB_SERVER = [
  {
    name: '@jobmill/job-runtime',
    message: "The api imports '@jobmill/job-runtime/client': it runs no jobs.",
  },
];
const restrictImports = (...groups) => ['error', { paths: groups.flat() }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.nx/**', 'coverage/**', 'tmp/**', 'examples/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            allow('type:contracts'),
            allow('type:domain', 'type:domain'),
            allow('type:util', 'type:util'),
            allow('type:transport', 'type:contracts'),
            allow('type:job-runtime', 'type:transport', 'type:contracts'),
            allow('type:persistence', 'type:contracts'),
            // Features (a service's Nest wiring, hostable alone or beside the others) build on
            // the domain and on shared features (service-host, worker-host); never on an app.
            allow(
              'type:feature',
              'type:contracts',
              'type:domain',
              'type:util',
              'type:transport',
              'type:job-runtime',
              'type:persistence',
              'type:feature',
            ),
            allow(
              'type:app',
              'type:contracts',
              'type:domain',
              'type:util',
              'type:transport',
              'type:job-runtime',
              'type:persistence',
              'type:feature',
            ),
            allow('scope:shared', 'scope:shared'),
            allow('scope:api', 'scope:shared', 'scope:api'),
            allow('scope:status', 'scope:shared', 'scope:status'),
            allow('scope:detection', 'scope:shared', 'scope:detection'),
            allow('scope:processing', 'scope:shared', 'scope:processing'),
            // Embedded mode hosts every service's feature in one process.
            allow(
              'scope:embedded',
              'scope:shared',
              'scope:api',
              'scope:status',
              'scope:detection',
              'scope:processing',
            ),
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      complexity: ['error', 12],
      'max-lines': ['error', { max: 320, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-restricted-imports': restrictImports(AMQP, DATABASE),
    },
  },
  // Each owner may import its own client library, and still none of the other's.
  {
    files: ['libs/transport/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(DATABASE),
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['libs/persistence/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports(AMQP) },
  },
  {
    files: ['libs/api/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports(AMQP, DATABASE, JOB_SERVER) },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'tools/**/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      'no-restricted-imports': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
