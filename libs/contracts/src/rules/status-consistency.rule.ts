import { registerDecorator, ValidationArguments } from 'class-validator';
import { POSTAL_STATUS_BY_CODE } from '../common/enums';
import { portalStatusesOf } from '../lifecycle/portal-status';
import { Stage, STAGES } from '../lifecycle/stage';

/**
 * Property (a portal status) is the one the sibling `stageField` maps to (process.md table; 7 or 8 for
 * CLOSED). Passes while the stage itself is invalid (reported on the stage).
 */
export function IsPortalStatusOfStage(stageField = 'stage'): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPortalStatusOfStage',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [stageField],
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const stage = (args.object as Record<string, unknown>)[stageField];
          if (!STAGES.includes(stage as Stage)) return true;
          return (portalStatusesOf(stage as Stage) as readonly unknown[]).includes(value);
        },
        defaultMessage(args: ValidationArguments): string {
          const stage = (args.object as Record<string, unknown>)[stageField] as Stage;
          return `must be ${portalStatusesOf(stage).join(' or ')} for ${stageField} ${stage}`;
        },
      },
    });
}

/**
 * Property (a postal status name) is the name of the sibling numeric `codeField` (see
 * `POSTAL_STATUS_BY_CODE`). Passes while the code itself is unknown (reported on the code).
 */
export function IsPostalStatusOfCode(codeField = 'statusCode'): PropertyDecorator {
  const nameOf = (code: unknown): string | undefined =>
    typeof code === 'number' && Object.prototype.hasOwnProperty.call(POSTAL_STATUS_BY_CODE, code)
      ? POSTAL_STATUS_BY_CODE[code as keyof typeof POSTAL_STATUS_BY_CODE]
      : undefined;
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPostalStatusOfCode',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [codeField],
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const expected = nameOf((args.object as Record<string, unknown>)[codeField]);
          return expected === undefined || value === expected;
        },
        defaultMessage(args: ValidationArguments): string {
          const code = (args.object as Record<string, unknown>)[codeField];
          return `must be '${String(nameOf(code))}' for ${codeField} ${String(code)}`;
        },
      },
    });
}
