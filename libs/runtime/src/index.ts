export * from './bootstrap';
export * from './runtime.module';
export * from './service-info';
export * from './health.registry';
export * from './heartbeat';
