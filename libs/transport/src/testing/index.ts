// Test support, apart from the library's surface: production code never imports it.
export * from './test-broker.fixture';
export { InProcessModel } from '../in-process/in-process.model';
export * from './memory-tracing.fixture';
export * from './cut-socket.fixture';
