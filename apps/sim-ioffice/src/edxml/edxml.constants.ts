/** QCVN 102:2016/BTTTT namespace, bound to the prefix `edXML` in every package. */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_PREFIX = 'edXML';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Purposes a bus package declares in its `dossier.json` attachment (ioffice-soap.md). */
export const PURPOSES = ['sign', 'number', 'archive', 'handover-manifest'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Name of the attachment that tells the department what the package is for. */
export const DOSSIER_ATTACHMENT = 'dossier.json';

/** Status codes of the axis that the simulated departments emit. */
export const STATUS = {
  arrived: '01',
  refused: '02',
  registered: '03',
  assigned: '04',
  inProgress: '05',
} as const;

/** Default bound on a package's size (bytes), also applied before base64 decoding. */
export const DEFAULT_MAX_EDXML_BYTES = 36 * 1024 * 1024;
