import { IsString, Matches } from 'class-validator';
import { DOSSIER_CODE } from './text-rules';

/** Decorators of every `dossierCode` property: the one-stop system's code, 1-64 of `[A-Za-z0-9.-]`. */
export function IsDossierCode(): PropertyDecorator {
  return (target, propertyName) => {
    // Applied bottom-up like stacked decorators: Matches first, so IsString comes first in source order.
    Matches(DOSSIER_CODE.pattern, { message: DOSSIER_CODE.problem })(target, propertyName as string);
    IsString()(target, propertyName as string);
  };
}
