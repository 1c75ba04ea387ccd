export { serviceInfrastructure, type ServiceInfrastructureOptions } from './service-infrastructure';
