export * from './heartbeat.message';
export * from './heartbeat.publisher';
