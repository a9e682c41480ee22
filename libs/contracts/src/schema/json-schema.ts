import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { CCCD, TAX_CODE } from '../common/text-rules';
import { POSTAL_STATUS_BY_CODE } from '../common/enums';
import { portalStatusesOf } from '../lifecycle/portal-status';
import { STAGES } from '../lifecycle/stage';
import { OFFSET_DATE_TIME_PATTERN } from '../rules/date-time.rule';
import { HTTP_URL_PATTERN } from '../rules/http-url.rule';
import { ContractRuleName, isContractRuleName } from '../rules/rule-names';
import { ClassType, isOptionalMetadata, readClassRules, unsupported } from '../validation/class-metadata';

/** A JSON Schema (draft-07 / AsyncAPI Schema Object) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** Options of {@link toJsonSchemas}. */
export interface JsonSchemaOptions {
  /** Prefix of `$ref`s to other classes; default `#/components/schemas/`. */
  readonly refPrefix?: string;
  /** Description of a class (property undefined) or of one of its properties, e.g. from JSDoc. */
  readonly describe?: (className: string, property?: string) => string | undefined;
}

/**
 * JSON Schemas of the given classes and every class nested in them, keyed by class name, built from the
 * same decorator metadata the validator compiles. Throws `CONTRACT.UNSUPPORTED_DECORATOR` for a
 * decorator it cannot express. Output is deterministic: classes and properties in declaration order.
 */
export function toJsonSchemas(roots: readonly ClassType[], options: JsonSchemaOptions = {}): Record<string, JsonSchema> {
  const refPrefix = options.refPrefix ?? '#/components/schemas/';
  const describe = options.describe ?? (() => undefined);
  const schemas: Record<string, JsonSchema> = {};
  const byName = new Map<string, ClassType>();
  const visit = (cls: ClassType): void => {
    const seen = byName.get(cls.name);
    if (seen === cls) return;
    if (seen !== undefined) throw unsupported(cls.name, 'two different classes with the same name');
    byName.set(cls.name, cls);
    schemas[cls.name] = {}; // reserve the key first: declaration order, and cycles terminate
    const nestedClasses: ClassType[] = [];
    schemas[cls.name] = classSchema(cls, refPrefix, describe, nestedClasses);
    nestedClasses.forEach(visit);
  };
  roots.forEach(visit);
  return schemas;
}

function classSchema(
  cls: ClassType,
  refPrefix: string,
  describe: NonNullable<JsonSchemaOptions['describe']>,
  nestedClasses: ClassType[],
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const allOf: JsonSchema[] = [];
  for (const rule of readClassRules(cls)) {
    const where = `${cls.name}.${rule.name}`;
    const schema: JsonSchema = {};
    const description = describe(cls.name, rule.name);
    if (description !== undefined) schema.description = description;
    const isArray = rule.constraints.some((m) => m.name === 'isArray');
    const items: JsonSchema = {};
    for (const metadata of rule.constraints) {
      const target = metadata.each ? items : schema;
      if (isContractRuleName(metadata.name)) customRule(metadata.name, metadata, rule.name, target, allOf);
      else builtinRule(metadata, target, where);
    }
    if (rule.nested !== undefined) {
      const nested = rule.nested();
      nestedClasses.push(nested);
      const ref = { $ref: `${refPrefix}${nested.name}` };
      if (isArray) Object.assign(items, ref);
      else {
        delete schema.type;
        schema.allOf = [ref]; // `allOf` keeps the description next to the reference (siblings of $ref are ignored)
      }
    }
    if (Object.keys(items).length > 0) schema.items = items;
    properties[rule.name] = schema;
    const optional = rule.conditions.some(isOptionalMetadata);
    const conditional = rule.constraints.some((m) => m.name === 'requiredWhen');
    if (rule.conditions.some((m) => !isOptionalMetadata(m)) && !conditional)
      throw unsupported(where, '@ValidateIf() without @RequiredWhen()');
    if (!optional && !conditional) required.push(rule.name);
  }
  const schema: JsonSchema = { type: 'object' };
  const description = describe(cls.name);
  if (description !== undefined) schema.description = description;
  if (required.length > 0) schema.required = required;
  schema.properties = properties;
  schema.additionalProperties = false;
  if (allOf.length > 0) schema.allOf = allOf;
  return schema;
}

function builtinRule(metadata: ValidationMetadata, schema: JsonSchema, where: string): void {
  const [first] = metadata.constraints ?? [];
  switch (metadata.type === 'isDefined' ? 'isDefined' : metadata.name) {
    case 'isDefined':
      return;
    case 'isString':
      schema.type = 'string';
      return;
    case 'isBoolean':
      schema.type = 'boolean';
      return;
    case 'isInt':
      schema.type = 'integer';
      return;
    case 'isArray':
      schema.type = 'array';
      return;
    case 'isObject':
      schema.type = 'object';
      return;
    case 'isIn':
      setEnum(schema, first as readonly unknown[]);
      return;
    case 'isEnum':
      setEnum(schema, Object.values(first as object));
      return;
    case 'matches':
      if (!(first instanceof RegExp) || first.flags !== '') throw unsupported(where, '@Matches with flags or a string pattern');
      addPattern(schema, first.source);
      return;
    case 'minLength':
      schema.minLength = first;
      return;
    case 'maxLength':
      schema.maxLength = first;
      return;
    case 'min':
      schema.minimum = first;
      return;
    case 'max':
      schema.maximum = first;
      return;
    case 'isPositive':
      schema.exclusiveMinimum = 0;
      return;
    case 'arrayMinSize':
      schema.minItems = first;
      return;
    case 'arrayMaxSize':
      schema.maxItems = first;
      return;
    case 'isEmail':
      schema.type = 'string';
      schema.format = 'email';
      return;
    default:
      throw unsupported(where, `constraint '${metadata.name ?? metadata.type}'`);
  }
}

function setEnum(schema: JsonSchema, values: readonly unknown[]): void {
  const types = new Set(values.map((v) => (Number.isInteger(v) ? 'integer' : typeof v)));
  if (types.size === 1) schema.type = [...types][0];
  schema.enum = [...values];
}

/** Several patterns on one property must all match: the second and later go into `allOf`. */
function addPattern(schema: JsonSchema, pattern: string): void {
  if (schema.pattern === undefined) schema.pattern = pattern;
  else schema.allOf = [...((schema.allOf as JsonSchema[] | undefined) ?? []), { pattern }];
}

/** A rule JSON Schema cannot express is stated in the extension keyword `x-rule` (the validator enforces it). */
function addNote(schema: JsonSchema, note: string): void {
  schema['x-rule'] = schema['x-rule'] === undefined ? note : `${String(schema['x-rule'])} ${note}`;
}

const ifThen = (when: JsonSchema, then: JsonSchema): JsonSchema => ({ if: when, then });

/** How each custom rule of this library reads in JSON Schema (property keywords and/or object `if`/`then`). */
const CUSTOM_RULES: {
  readonly [N in ContractRuleName]: (c: readonly unknown[], property: string, schema: JsonSchema, allOf: JsonSchema[]) => void;
} = {
  isOffsetDateTime: (_, __, schema) => {
    schema.type = 'string';
    schema.format = 'date-time';
    addPattern(schema, OFFSET_DATE_TIME_PATTERN);
  },
  isHttpUrl: ([maxLength], _, schema) => {
    schema.type = 'string';
    schema.format = 'uri';
    schema.maxLength = maxLength;
    addPattern(schema, HTTP_URL_PATTERN);
  },
  isAfterField: ([other], _, schema) => {
    addNote(schema, `must be after ${String(other)}`);
  },
  requiredWhen: ([field, value], property, _, allOf) => {
    allOf.push(ifThen({ properties: { [String(field)]: { const: value } }, required: [field] }, { required: [property] }));
  },
  isApplicantIdNumber: ([kindField], property, schema, allOf) => {
    schema.type = 'string';
    addPattern(schema, `^(?:${CCCD.pattern.source.slice(1, -1)}|${TAX_CODE.pattern.source.slice(1, -1)})$`);
    allOf.push(
      ifThen(
        { properties: { [String(kindField)]: { const: 'citizen' } }, required: [kindField] },
        { properties: { [property]: { pattern: CCCD.pattern.source } } },
      ),
      ifThen(
        { properties: { [String(kindField)]: { const: 'business' } }, required: [kindField] },
        { properties: { [property]: { pattern: TAX_CODE.pattern.source } } },
      ),
    );
  },
  isPortalStatusOfStage: ([stageField], property, _, allOf) => {
    const stagesByStatuses = new Map<string, string[]>();
    for (const stage of STAGES) {
      const key = portalStatusesOf(stage).join(',');
      stagesByStatuses.set(key, [...(stagesByStatuses.get(key) ?? []), stage]);
    }
    for (const [statuses, stages] of stagesByStatuses) {
      allOf.push(
        ifThen(
          { properties: { [String(stageField)]: { enum: stages } }, required: [stageField] },
          { properties: { [property]: { enum: statuses.split(',').map(Number) } } },
        ),
      );
    }
  },
  isPostalStatusOfCode: ([codeField], property, _, allOf) => {
    for (const [code, name] of Object.entries(POSTAL_STATUS_BY_CODE)) {
      allOf.push(
        ifThen(
          { properties: { [String(codeField)]: { const: Number(code) } }, required: [codeField] },
          { properties: { [property]: { const: name } } },
        ),
      );
    }
  },
  isDocumentNumberOf: ([numberField, notationField], _, schema) => {
    addNote(schema, `must equal ${String(numberField)} + '/' + ${String(notationField)}`);
  },
};

function customRule(name: ContractRuleName, metadata: ValidationMetadata, property: string, schema: JsonSchema, allOf: JsonSchema[]): void {
  CUSTOM_RULES[name](metadata.constraints ?? [], property, schema, allOf);
}
