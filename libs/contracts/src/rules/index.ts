export * from './rule-names';
export * from './date-time.rule';
export * from './http-url.rule';
export * from './required-when.rule';
export * from './applicant-id-number.rule';
export * from './status-consistency.rule';
export * from './document-number.rule';
