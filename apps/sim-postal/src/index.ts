export { startPostalSimulator } from './postal.simulator';
export type { CreateOrderInput, PostalSimulator } from './postal.simulator';
export type { PostalSimulatorOptions } from './simulator.options';
export { InvalidFaultsError, POSTAL_ENDPOINTS, defaultFaults } from './faults/fault.config';
export type {
  FaultConfig,
  FaultConfigInput,
  HttpFault,
  RetryAfterFault,
  DeliveryFaults,
  WebhookFaults,
  PostalEndpoint,
} from './faults/fault.config';
export type { PostalOrder, TrackingEntry, PostalAddress, Parcel, ServiceCode } from './orders/order.model';
export { PostalStatus, STATUS_NAMES } from './orders/status.catalog';
export type { WebhookAttempt, TrackingEvent, RetryPolicy } from './webhooks/webhook.dispatcher';
export { SimulatorConfigError } from './shared/simulator-config.error';
