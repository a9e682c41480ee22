import { registerDecorator, ValidationArguments } from 'class-validator';
import { CCCD, TAX_CODE } from '../common/text-rules';

/**
 * Property is the identity number matching the sibling `kind`: a 12-digit CCCD for `citizen`, a tax code
 * for `business`; either is accepted while `kind` itself is invalid (that is reported on `kind`).
 */
export function IsApplicantIdNumber(kindField = 'kind'): PropertyDecorator {
  const problemFor = (kind: unknown): string =>
    kind === 'citizen' ? CCCD.problem : kind === 'business' ? TAX_CODE.problem : 'must be a 12-digit CCCD number or a tax code';
  return (target, propertyName) =>
    registerDecorator({
      name: 'isApplicantIdNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [kindField],
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          if (typeof value !== 'string') return false;
          const kind = (args.object as Record<string, unknown>)[kindField];
          if (kind === 'citizen') return CCCD.pattern.test(value);
          if (kind === 'business') return TAX_CODE.pattern.test(value);
          return CCCD.pattern.test(value) || TAX_CODE.pattern.test(value);
        },
        defaultMessage: (args: ValidationArguments) => problemFor((args.object as Record<string, unknown>)[kindField]),
      },
    });
}
