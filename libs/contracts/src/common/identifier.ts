/**
 * Identifiers the bus derives from people's text (a department's abbreviation in a batch id, a file name) must
 * pass patterns that outside contracts restrict to ASCII (`IDENTIFIER`, `[A-Za-z0-9._-]`). These fold Vietnamese
 * text deterministically, so the same input always gives the same identifier; the Vietnamese original stays
 * wherever people read it (notations, manifests, the console).
 */

/** Vietnamese text folded to ASCII letters: tones and other marks dropped, Đ/đ → D/d (`SKHĐT` → `SKHDT`). NFC and NFD input fold alike. */
export function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * A part of an identifier: folded to ASCII, every run of other characters made one `-` (`SNN&PTNT` → `SNN-PTNT`),
 * no `-` at either end. Only `[A-Za-z0-9-]` remain; empty when nothing is left (the caller must refuse that).
 */
export function identifierPart(text: string): string {
  return asciiFold(text)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
