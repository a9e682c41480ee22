/**
 * Names of the custom constraints this library registers. The compiled validator and the JSON Schema
 * generator accept a custom constraint only if its name is listed here, and each must know how to
 * handle every name (checked by the compiler through `ContractRuleName`).
 */
export const CONTRACT_RULE_NAMES = [
  'isOffsetDateTime',
  'isAfterField',
  'isHttpUrl',
  'requiredWhen',
  'isApplicantIdNumber',
  'isPortalStatusOfStage',
  'isPostalStatusOfCode',
  'isDocumentNumberOf',
] as const;

/** Name of one of this library's custom constraints. */
export type ContractRuleName = (typeof CONTRACT_RULE_NAMES)[number];

/** Whether a constraint name is one of this library's custom constraints. */
export function isContractRuleName(name: unknown): name is ContractRuleName {
  return typeof name === 'string' && (CONTRACT_RULE_NAMES as readonly string[]).includes(name);
}
