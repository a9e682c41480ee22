export * from './dms.messages';
export * from './postal.messages';
