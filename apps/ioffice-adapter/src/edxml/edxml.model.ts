import type { LiftedText } from './base64.lifter';

/** An organ as `From`, `To` and `TraceHeader` name it. */
export interface EdxmlOrgan {
  readonly organId: string;
  readonly organName?: string;
}

/** One file of a package (decoded). */
export interface EdxmlFile {
  readonly name: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** An attachment as read from `AttachmentEncoded`, with its content id. */
export interface EdxmlAttachment extends EdxmlFile {
  readonly contentId: string;
}

/**
 * The `MessageHeader` fields the contract uses, in both directions. Absent optional elements are
 * undefined. Dates and timestamps stay as edXML text (`yyyy/MM/dd`, `yyyy/MM/dd HH:mm:ss`, Vietnam time).
 */
export interface EdxmlHeader {
  readonly from: EdxmlOrgan;
  readonly to?: readonly EdxmlOrgan[];
  readonly responseForDocumentId?: string;
  readonly documentId?: string;
  readonly code?: { readonly number: string; readonly notation: string };
  readonly promulgation?: { readonly place?: string; readonly date?: string };
  readonly documentType?: { readonly type?: string; readonly typeName?: string };
  readonly subject?: string;
  readonly signer?: { readonly competence?: string; readonly position?: string; readonly fullName?: string };
  readonly dueDate?: string;
  /** Status packages: who acted (`StaffInfo`). */
  readonly staff?: { readonly department?: string; readonly staff?: string };
  readonly statusCode?: string;
  readonly description?: string;
  readonly timestamp?: string;
}

/** One `TraceHeader`: an organ the package passed through, and when. */
export interface EdxmlTrace {
  readonly organId: string;
  readonly timestamp?: string;
}

/**
 * A parsed package. `xml` is the text that was parsed: the package with its attachments' base64 lifted out
 * (`lifted` holds them); a signature is checked against it with `lifted` expanding each token.
 */
export interface EdxmlPackage {
  readonly header: EdxmlHeader;
  readonly traces: readonly EdxmlTrace[];
  readonly attachments: readonly EdxmlAttachment[];
  /** The `ds:Signature` element (last child of `edXMLHeader`), serialized; undefined when unsigned. */
  readonly signatureXml?: string;
  readonly xml: string;
  readonly lifted: LiftedText;
}
