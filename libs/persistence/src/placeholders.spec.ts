import { DatabaseError } from './database.errors';
import { orderParams, rewritePlaceholders } from './placeholders';

describe('rewritePlaceholders', () => {
  it('turns $n into ? in order', () => {
    expect(rewritePlaceholders('SELECT * FROM t WHERE a = $1 AND b = $2')).toEqual({
      sql: 'SELECT * FROM t WHERE a = ? AND b = ?',
      order: [0, 1],
      arity: 2,
    });
  });

  it('maps reordered and repeated placeholders to the right values', () => {
    const rewritten = rewritePlaceholders('INSERT INTO t (b, a, c) VALUES ($2, $1, $2 || $10)');
    expect(rewritten.sql).toBe('INSERT INTO t (b, a, c) VALUES (?, ?, ? || ?)');
    expect(rewritten.order).toEqual([1, 0, 1, 9]);
    expect(rewritten.arity).toBe(10);
    expect(orderParams(rewritten, ['a', 'b', 3, 4, 5, 6, 7, 8, 9, 'j'])).toEqual(['b', 'a', 'b', 'j']);
  });

  it('leaves string literals, quoted identifiers and comments alone', () => {
    const sql = `SELECT '$1 it''s $2', "col$1", $1 -- $2 here\n, /* $3 */ $2`;
    expect(rewritePlaceholders(sql)).toEqual({
      sql: `SELECT '$1 it''s $2', "col$1", ? -- $2 here\n, /* $3 */ ?`,
      order: [0, 1],
      arity: 2,
    });
  });

  it('does not treat $ inside identifiers or $$ as placeholders', () => {
    expect(rewritePlaceholders('SELECT a$1, $$ FROM t').sql).toBe('SELECT a$1, $$ FROM t');
  });

  it('reports no parameters for SQL without placeholders', () => {
    expect(rewritePlaceholders('SELECT 1')).toEqual({ sql: 'SELECT 1', order: [], arity: 0 });
  });

  it('rejects $0', () => {
    expect(() => rewritePlaceholders('SELECT $0')).toThrow(expect.objectContaining({ code: 'DB.BAD_PARAMS' }) as DatabaseError);
  });

  it('tolerates unterminated literals and comments', () => {
    expect(rewritePlaceholders("SELECT $1, 'open $2").sql).toBe("SELECT ?, 'open $2");
    expect(rewritePlaceholders('SELECT $1 /* open $2').sql).toBe('SELECT ? /* open $2');
  });
});
