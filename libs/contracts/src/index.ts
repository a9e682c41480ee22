/**
 * Contract v1 between the one-stop system and the Liên thông bus (onestop-amqp.md): message classes,
 * envelope constants, the routing map, the dossier lifecycle, and a fast validator compiled from the
 * classes' decorators. Imports nothing from Nest, so outside teams can vendor it.
 */
export * from './envelope';
export * from './errors';
export * from './routing';
export * from './nfc.normalize';
export * from './common/enums';
export * from './common/text-rules';
export * from './common/file-ref';
export * from './common/address';
export * from './common/persons';
export * from './common/decisions';
export * from './common/dossier-code';
export * from './common/identifier';
export * from './lifecycle/stage';
export * from './lifecycle/portal-status';
export * from './rules';
export * from './messages';
export * from './internal';
export { compileValidator, MAX_PROBLEMS } from './validation/compile-validator';
export type { CompiledValidator } from './validation/compile-validator';
export { validateMessage, validatorFor, precompileValidators } from './validation/validate-message';
export { toJsonSchemas } from './schema/json-schema';
export type { JsonSchema } from './schema/json-schema';
export * from './testing/samples';
