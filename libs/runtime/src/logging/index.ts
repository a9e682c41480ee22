export * from './log.record';
export * from './service.logger';
export * from './service.startup';
