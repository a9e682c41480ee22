export * from './bootstrap';
export * from './runtime.module';
export * from './service-info';
export * from './health.registry';
export * from './heartbeat';
export * from './blobs/blob.store';
export * from './blobs/blob.controller';
export * from './dossier.watcher';
