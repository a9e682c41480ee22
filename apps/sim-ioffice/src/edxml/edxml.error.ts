/** Why a package is not acceptable edXML; `element` names where (e.g. `edXMLHeader/MessageHeader/DocumentId`). */
export class EdxmlError extends Error {
  readonly code = 'INVALID_EDXML';

  constructor(
    readonly element: string,
    problem: string,
  ) {
    super(`${element}: ${problem}`);
  }
}
