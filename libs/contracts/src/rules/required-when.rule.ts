import { registerDecorator, ValidateIf } from 'class-validator';

/**
 * Property is required when the sibling `field` equals `value`, optional otherwise; when present it is
 * always validated. Put it ABOVE the property's other decorators so its message is the one reported.
 * Implemented as a `ValidateIf` (skip when absent and not required) plus the `requiredWhen` constraint
 * (which carries `[field, value]` for the JSON Schema `if`/`then`).
 */
export function RequiredWhen(field: string, value: string): PropertyDecorator {
  return (target, propertyName) => {
    ValidateIf((object: Record<string, unknown>, own: unknown) => (own !== undefined && own !== null) || object[field] === value)(
      target,
      propertyName as string,
    );
    registerDecorator({
      name: 'requiredWhen',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [field, value],
      validator: {
        validate: (own: unknown) => own !== undefined && own !== null,
        defaultMessage: () => `is required when ${field} is '${value}'`,
      },
    });
  };
}
