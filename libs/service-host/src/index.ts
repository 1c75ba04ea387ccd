export { serviceInfrastructure, type ServiceInfrastructureOptions } from './service-infrastructure';
export { jobsCancelledCounter, RuntimeMetrics } from './metrics/runtime.metrics';
export { SqlMetrics } from './metrics/sql.metrics';
export { TransportMetrics } from './metrics/transport.metrics';
export { registerQueueDepthMetrics } from './metrics/queue-depth.metrics';
