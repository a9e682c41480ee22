import type { FieldProblem } from '@lienthong/contracts';
import { PermanentFailure } from '@lienthong/messaging';

export type EdxmlErrorCode =
  | 'EDXML.MALFORMED'
  | 'EDXML.TOO_LARGE'
  | 'EDXML.DOCUMENT_TOO_LARGE'
  | 'EDXML.DTD_FORBIDDEN'
  | 'EDXML.NOT_UTF8'
  | 'EDXML.SIGNATURE_PLACEMENT';

/**
 * A package the bus refuses to read. `element` is the path of the offending element
 * (e.g. `edXMLHeader/MessageHeader/DocumentId`), so a person can find it in the kept package.
 */
export class EdxmlError extends PermanentFailure {
  constructor(
    code: EdxmlErrorCode,
    readonly element: string,
    readonly problem: string,
  ) {
    super(code, `${element}: ${problem}`);
  }

  /** The reason in the dead-letter store's shape. */
  get reasons(): FieldProblem[] {
    return [{ field: this.element, problem: this.problem }];
  }
}
