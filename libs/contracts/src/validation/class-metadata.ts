import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';
import { ContractError } from '../errors';

// class-transformer keeps `@Type` metadata in a storage it does not export from its index; this is the same
// module instance its decorators write to (there is no exports map, and `cjs/storage` is what index requires).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage };

/** A class whose instances have no required constructor arguments. */
export type ClassType = abstract new (...args: never[]) => unknown;

/** The validation rules of one property, read from the decorators. */
export interface PropertyRules {
  readonly name: string;
  /** `@IsOptional()` / `@ValidateIf()`: when any returns false, the property is not validated at all. */
  readonly conditions: readonly ValidationMetadata[];
  /** Constraints (`@IsDefined` and custom constraints), in source order (top decorator first). */
  readonly constraints: readonly ValidationMetadata[];
  /** The nested class of `@ValidateNested()` + `@Type(() => X)`, when the property has them. */
  readonly nested?: () => ClassType;
}

/** Whether a metadata entry is `@IsOptional()` (as opposed to a `@ValidateIf()`). */
export function isOptionalMetadata(metadata: ValidationMetadata): boolean {
  return metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && metadata.name === 'isOptional';
}

/**
 * Reads the class-validator (and class-transformer `@Type`) metadata of a class into per-property rules,
 * with the same filtering `validate()` applies without groups. Throws `CONTRACT.UNSUPPORTED_DECORATOR` for
 * metadata this library does not interpret identically to class-validator (groups, `always`, async, ...).
 */
export function readClassRules(cls: ClassType): PropertyRules[] {
  const storage = getMetadataStorage();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator's metadata API keys classes by `Function`
  const all = storage.getTargetValidationMetadatas(cls as unknown as Function, '', false, false);
  const grouped = storage.groupByPropertyName(all);
  return Object.keys(grouped).map((name) => {
    // Stacked decorators run bottom-up, so metadata is stored in reverse source order.
    const metadatas = [...grouped[name]].reverse();
    const conditions: ValidationMetadata[] = [];
    const constraints: ValidationMetadata[] = [];
    let nested: (() => ClassType) | undefined;
    for (const metadata of metadatas) {
      const where = `${cls.name}.${name}`;
      if ((metadata.groups?.length ?? 0) > 0 || metadata.always !== undefined || metadata.validateIf !== undefined) {
        throw unsupported(where, `${metadata.name ?? metadata.type} uses groups, always or validateIf`);
      }
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          conditions.push(metadata);
          break;
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION:
          constraints.push(metadata);
          break;
        case ValidationTypes.NESTED_VALIDATION: {
          // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-transformer's metadata API keys classes by `Function`
          const type = defaultMetadataStorage.findTypeMetadata(cls as unknown as Function, name);
          if (type === undefined) throw unsupported(where, '@ValidateNested() without @Type(() => Class)');
          if (type.options?.discriminator !== undefined) throw unsupported(where, '@Type with a discriminator');
          nested = () => type.typeFunction() as ClassType;
          break;
        }
        default:
          throw unsupported(where, `validation type '${metadata.type}'`);
      }
    }
    return { name, conditions, constraints, nested };
  });
}

/** The error for a decorator this library cannot compile or describe. */
export function unsupported(where: string, what: string): ContractError {
  return new ContractError(
    'CONTRACT.UNSUPPORTED_DECORATOR',
    `${where}: ${what} is not supported by the compiled validator and the schema generator; use a supported decorator or teach both about it`,
  );
}
