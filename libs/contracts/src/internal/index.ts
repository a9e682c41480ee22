export * from './dms.messages';
export * from './postal.messages';
export * from './orchestrator.messages';
