import { registerDecorator, ValidationArguments } from 'class-validator';

/**
 * Property (a full document number) equals `<number>/<notation>` built from the sibling fields, e.g.
 * `123` and `QĐ-SXD` give `123/QĐ-SXD`. Passes while either sibling is missing or mistyped (reported there).
 */
export function IsDocumentNumberOf(numberField = 'number', notationField = 'notation'): PropertyDecorator {
  const expectedOf = (object: Record<string, unknown>): string | undefined => {
    const n = object[numberField];
    const notation = object[notationField];
    return typeof n === 'number' && typeof notation === 'string' ? `${n}/${notation}` : undefined;
  };
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDocumentNumberOf',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [numberField, notationField],
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const expected = expectedOf(args.object as Record<string, unknown>);
          return expected === undefined || value === expected;
        },
        defaultMessage: (args: ValidationArguments) =>
          `must be '${String(expectedOf(args.object as Record<string, unknown>))}' (${numberField}/${notationField})`,
      },
    });
}
