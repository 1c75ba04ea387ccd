// Test doubles, apart from the library's surface: production code never imports them.
export * from './memory-run.registry';
