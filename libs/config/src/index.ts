export * from './config.error';
export * from './departments';
export * from './env';
