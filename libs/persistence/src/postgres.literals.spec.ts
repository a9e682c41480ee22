import { withLiterals } from './postgres.database';

describe('withLiterals (a transaction first statement sent with its BEGIN)', () => {
  it('writes plain scalars in as quoted literals, typed by the server from their context as parameters are', () => {
    expect(withLiterals('INSERT INTO t (a, b, c, d, e) VALUES ($1, $2, $3, $4, $5)', ["it's", 42, null, true, 12n])).toBe(
      "INSERT INTO t (a, b, c, d, e) VALUES ('it''s', '42', NULL, 'true', '12')",
    );
    expect(withLiterals('SELECT $1', [undefined])).toBe('SELECT NULL');
    // A flat array as node-postgres's array text: elements double-quoted, `"` and `\\` backslash-escaped, NULL bare.
    expect(withLiterals('SELECT $1::text[]', [['a', "it's", 'q"', null, 7]])).toBe(`SELECT  E'{"a","it''s","q\\\\"",NULL,"7"}'::text[]`);
    expect(withLiterals('SELECT $1::text[]', [['b\\s']])).toBe(`SELECT  E'{"b\\\\\\\\s"}'::text[]`);
  });

  it('quotes backslashes as an E string, and leaves placeholders inside literals, identifiers and comments alone', () => {
    expect(withLiterals('SELECT $1', ['a\\b'])).toBe("SELECT  E'a\\\\b'");
    expect(withLiterals(`SELECT '$1', "$2" -- $1\nFROM x WHERE a = $1 AND b = $2`, ['v', 'w'])).toBe(
      `SELECT '$1', "$2" -- $1\nFROM x WHERE a = 'v' AND b = 'w'`,
    );
    expect(withLiterals('SELECT $2, $1, $2', ['a', 'b'])).toBe("SELECT 'b', 'a', 'b'");
  });

  it('declines what it cannot write in safely: other parameter types, odd numbers, dollar quotes, E strings, a count that does not match', () => {
    for (const param of [Buffer.from('x'), new Date(0), [[1], [2]], [new Date(0)], { a: 1 }, NaN, Infinity, 'a\0b', ['a\0b']])
      expect(withLiterals('SELECT $1', [param])).toBeUndefined();
    expect(withLiterals('DO $$ BEGIN PERFORM $1; END $$', ['x'])).toBeUndefined();
    expect(withLiterals("SELECT E'\\n', $1", ['x'])).toBeUndefined();
    expect(withLiterals('SELECT $1, $2', ['x'])).toBeUndefined();
    expect(withLiterals('SELECT $1', ['x', 'y'])).toBeUndefined();
  });
});
