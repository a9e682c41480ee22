let sink = 0;

/** The same small piece of work every scenario's handler does with a message body. */
export function trivialWork(body: Record<string, unknown>): void {
  sink = (sink + String(body.dossierCode).length) % 1_000_003;
}
