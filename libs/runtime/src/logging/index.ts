export * from './log.record';
export * from './service.logger';
