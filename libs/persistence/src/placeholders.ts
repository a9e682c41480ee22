import { DatabaseError } from './database.errors';

/** SQL rewritten from PostgreSQL `$n` placeholders to positional `?`, with how to order the values. */
export interface RewrittenSql {
  readonly sql: string;
  /** For each `?` in order, the 0-based index of the caller's parameter it binds (may repeat). */
  readonly order: readonly number[];
  /** The highest `$n` used: the caller must pass exactly this many parameters. */
  readonly arity: number;
}

/**
 * Rewrites `$1, $2…` to `?` for drivers that only know positional parameters.
 * Placeholders inside string literals, quoted identifiers and comments are left alone.
 */
export function rewritePlaceholders(sql: string): RewrittenSql {
  const order: number[] = [];
  const out = replacePlaceholders(sql, (index) => {
    order.push(index);
    return '?';
  });
  const arity = order.reduce((max, index) => Math.max(max, index + 1), 0);
  return { sql: out, order, arity };
}

/**
 * Replaces each `$n` placeholder by `replace(n - 1)`, leaving those inside string literals, quoted identifiers and
 * comments alone (dollar-quoted bodies and `E'…'` strings are not parsed: callers that may meet them must check).
 */
export function replacePlaceholders(sql: string, replace: (index: number) => string): string {
  let out = '';
  let copied = 0; // sql[copied, i) is still to be copied as it is
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const skipTo = endOfQuotedOrComment(sql, i);
    if (skipTo > i) {
      i = skipTo;
    } else if (ch === '$' && isDigit(sql[i + 1]) && !isWordChar(sql[i - 1])) {
      let j = i + 1;
      while (isDigit(sql[j])) j++;
      const position = Number(sql.slice(i + 1, j));
      if (position < 1) throw new DatabaseError('DB.BAD_PARAMS', `Placeholders start at $1; found $${position} in: ${sql.slice(0, 200)}`);
      out += sql.slice(copied, i) + replace(position - 1);
      i = copied = j;
    } else {
      i++;
    }
  }
  return out + sql.slice(copied);
}

/** Orders the caller's parameters to match the `?` of a rewritten statement. */
export function orderParams(rewritten: RewrittenSql, params: readonly unknown[]): unknown[] {
  return rewritten.order.map((index) => params[index]);
}

/** If a literal, quoted identifier or comment starts at `i`, the index just past it; otherwise `i`. */
function endOfQuotedOrComment(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    // Quotes are escaped by doubling them, so a quote followed by another one does not close.
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch) {
        if (sql[j + 1] === ch) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return i;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}
