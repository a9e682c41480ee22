/** QCVN 102:2016/BTTTT namespace; the bus writes it with the prefix `edXML` (ioffice-soap.md). */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_PREFIX = 'edXML';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The attachment every package the bus sends carries, saying which dossier or batch it is about. */
export const DOSSIER_ATTACHMENT = 'dossier.json';

/** Default bound on one document (bytes, decoded): `MAX_DOCUMENT_BYTES`, 25 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/**
 * Default bound on one edXML package (bytes), checked before decoding and before parsing: room for a document of
 * `DEFAULT_MAX_DOCUMENT_BYTES` in base64 (4/3) and the rest of the package.
 */
export const DEFAULT_MAX_EDXML_BYTES = 36 * 1024 * 1024;

/** Algorithms the contract fixes for signed packages (ioffice-soap.md, "Signatures"). */
export const SIGNATURE_ALGORITHMS = {
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;
