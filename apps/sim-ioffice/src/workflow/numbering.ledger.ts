/** A place in a department's registration order, taken when the clerk registers a package (status 03). */
export interface RegistrationTicket {
  readonly organId: string;
  readonly sequence: number;
  /** Resolves once every earlier ticket of the department was numbered or released. */
  readonly turn: Promise<void>;
  /** Marks this ticket finished (numbered or released), letting the next one proceed. */
  readonly finish: () => void;
  finished: boolean;
}

/**
 * The department clerks' number books. Invariant: per department and calendar year, numbers start at 1,
 * have no gaps, and follow registration order: a ticket is numbered only after every earlier ticket of the
 * same department was numbered or released (declined), whatever the order the workflows reach the clerk.
 */
export class NumberingLedger {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly sequences = new Map<string, number>();
  private readonly counters = new Map<string, number>();

  /** Takes the next place in the department's registration order. */
  register(organId: string): RegistrationTicket {
    const previous = this.tails.get(organId) ?? Promise.resolve();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.tails.set(
      organId,
      previous.then(() => done),
    );
    const sequence = (this.sequences.get(organId) ?? 0) + 1;
    this.sequences.set(organId, sequence);
    const ticket: RegistrationTicket = {
      organId,
      sequence,
      turn: previous,
      finish: () => {
        ticket.finished = true;
        finish();
      },
      finished: false,
    };
    return ticket;
  }

  /** Waits for the ticket's turn, then assigns the next number of `year` (computed at that moment). */
  async number(ticket: RegistrationTicket, year: () => number): Promise<{ number: number; year: number }> {
    if (ticket.finished) throw new Error('SIM_IOFFICE.TICKET_USED: this registration was already numbered or released');
    await ticket.turn;
    const y = year();
    const key = `${ticket.organId}|${y}`;
    const next = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, next);
    ticket.finish();
    return { number: next, year: y };
  }

  /** Gives up a ticket without a number (the leader or clerk declined); later tickets are not held up. */
  release(ticket: RegistrationTicket): void {
    if (ticket.finished) return;
    ticket.finished = true;
    void ticket.turn.then(ticket.finish);
  }

  /** Last number issued per department and year: `{ organId: { year: lastNumber } }`. */
  snapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [key, last] of this.counters) {
      const [organId, year] = key.split('|');
      (out[organId] ??= {})[year] = last;
    }
    return out;
  }
}
