/**
 * Names of the documents the orchestrator keeps and sends to a department's DMS (edXML `AttachmentName`, the blob's
 * name served in `Content-Disposition`). They are built from the dossier code, which the contract keeps to
 * `[A-Za-z0-9.-]`, so every name is ASCII and safe as a file name on any system; the Vietnamese words are folded
 * (dự thảo → du-thao) for the same reason. The property test in test/identifiers.spec.ts checks them.
 */
export const FILE_NAMES = {
  /** The draft result sent for signing (online approval). */
  draft: (dossierCode: string): string => `du-thao-${dossierCode}.pdf`,
  /** The decision signed on paper at the Center, scanned, sent for a number. */
  paperDecision: (dossierCode: string): string => `quyet-dinh-giay-${dossierCode}.pdf`,
  /** The issued result's electronic copy, sent to the department clerk's archive. */
  result: (dossierCode: string): string => `ket-qua-${dossierCode}.pdf`,
} as const;
