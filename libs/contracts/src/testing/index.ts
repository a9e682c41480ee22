export * from './samples';
export * from './mutate';
