export * from './config.error';
export * from './departments';
export * from './schema/env-source';
export * from './schema/kinds';
export * from './schema/schema';
export * from './schema/startup';
export * from './schema/variable';
export * from './services';
