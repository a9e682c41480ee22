import {
  databaseUrl,
  decimal,
  duration,
  flag,
  host,
  integer,
  ipAddress,
  json,
  list,
  oneOf,
  orOff,
  port,
  redactUrl,
  secret,
  size,
  text,
  timeZone,
  url,
  urls,
} from './kinds';
import type { Kind } from './kinds';

const parse = <T>(kind: Kind<T>, value: string): T | string => {
  const parsed = kind.parse(value);
  return 'value' in parsed ? parsed.value : `unfit${parsed.hint ? `: ${parsed.hint}` : ''}`;
};

describe('kinds of values', () => {
  it('reads whole numbers in range only: no NaN, no decimals, no exponent, no unit', () => {
    const k = integer(1, 10);
    expect([parse(k, '1'), parse(k, '10')]).toEqual([1, 10]);
    for (const bad of ['0', '11', 'abc', '1.5', '1e1', '0x5', '', ' ', 'NaN', 'Infinity', '5 ']) expect(parse(k, bad)).toMatch(/^unfit/);
    expect(k.form).toBe('an integer from 1 to 10');
  });

  it('reads durations in milliseconds and refuses a unit, converting it in the hint', () => {
    const k = duration(100, 3_600_000);
    expect(parse(k, '30000')).toBe(30_000);
    expect(parse(k, '15s')).toBe('unfit: write it in milliseconds without a unit: 15s is 15000');
    expect(parse(k, '10m')).toBe('unfit: write it in milliseconds without a unit: 10m is 600000');
    expect(parse(k, '1.5h')).toBe('unfit: write it in milliseconds without a unit: 1.5h is 5400000');
    expect(parse(k, 'abc')).toBe('unfit');
    expect(parse(k, '99')).toBe('unfit');
    expect(k.form).toBe('a duration in milliseconds (digits only, no unit) from 100 to 3600000');
  });

  it('reads sizes in bytes and refuses a unit, giving both readings of it', () => {
    const k = size(1, 2 ** 40);
    expect(parse(k, '52428800')).toBe(52_428_800);
    expect(parse(k, '50MB')).toBe(
      'unfit: write it in bytes without a unit: 50MB is 52428800 (powers of 1024) or 50000000 (powers of 1000)',
    );
    expect(parse(k, '20MiB')).toBe('unfit: write it in bytes without a unit: 20MiB is 20971520');
    expect(parse(k, '-1')).toBe('unfit');
  });

  it('reads decimals (probabilities, rates), ports, words and flags strictly', () => {
    expect([parse(decimal(0, 1), '0.25'), parse(decimal(0, 1), '.5'), parse(decimal(0, 1), '1.5'), parse(decimal(0, 1), '1e-1')]).toEqual([
      0.25,
      0.5,
      'unfit',
      'unfit',
    ]);
    expect([parse(port(), '0'), parse(port(true), '0'), parse(port(), '65536')]).toEqual(['unfit', 0, 'unfit']);
    expect([parse(oneOf(['classic', 'quorum']), 'quorum'), parse(oneOf(['classic', 'quorum']), 'stream')]).toEqual(['quorum', 'unfit']);
    expect(oneOf(['classic', 'quorum']).form).toBe('"classic" or "quorum"');
    expect(oneOf(['a', 'b', 'c']).form).toBe('one of "a", "b" or "c"');
    expect([parse(flag(), 'true'), parse(flag(), 'false'), parse(flag(), 'yes'), parse(flag(), 'TRUE')]).toEqual([
      true,
      false,
      'unfit',
      'unfit',
    ]);
  });

  it('reads URLs of the given protocols, cluster lists, host lists and IP addresses', () => {
    expect(parse(url(), 'https://api.example.vn/v1/')).toBe('https://api.example.vn/v1');
    expect([parse(url(), 'ftp://x'), parse(url(), 'not a url'), parse(url(), 'http://')]).toEqual(['unfit', 'unfit', 'unfit']);
    expect(parse(urls(['amqp:', 'amqps:']), 'amqp://a:p@h1, amqps://a:p@h2:5671')).toEqual(['amqp://a:p@h1', 'amqps://a:p@h2:5671']);
    expect(parse(urls(['amqp:']), 'amqp://h1,http://h2')).toBe('unfit');
    expect(parse(list(ipAddress()), '127.0.0.1, ::1,10.0.0.5')).toEqual(['127.0.0.1', '::1', '10.0.0.5']);
    expect(parse(list(ipAddress()), '127.0.0.1,localhost')).toBe('unfit');
    expect([parse(host(), '0.0.0.0'), parse(host(), '::'), parse(host(), 'bus.langson.gov.vn'), parse(host(), 'a b')]).toEqual([
      '0.0.0.0',
      '::',
      'bus.langson.gov.vn',
      'unfit',
    ]);
  });

  it('reads database URLs, time zones and JSON', () => {
    expect([
      parse(databaseUrl(), 'sqlite:./data/x.db'),
      parse(databaseUrl(), 'sqlite::memory:'),
      parse(databaseUrl(), 'postgres://u:p@db:5432/lt'),
    ]).toEqual(['sqlite:./data/x.db', 'sqlite::memory:', 'postgres://u:p@db:5432/lt']);
    expect([parse(databaseUrl(), 'mysql://x'), parse(databaseUrl(), 'sqlite:')]).toEqual(['unfit', 'unfit']);
    expect([parse(timeZone(), 'Asia/Ho_Chi_Minh'), parse(timeZone(), 'Asia/Hanoi_City')]).toEqual(['Asia/Ho_Chi_Minh', 'unfit']);
    expect(parse(json('x'), '{"a":[1]}')).toEqual({ a: [1] });
    expect(parse(json('x'), '{')).toMatch(/^unfit: /);
  });

  it('counts a queue name in bytes, as AMQP does: Vietnamese letters take two or three', () => {
    const queue = text({ maxBytes: 255 });
    const name = 'hàng-đợi-một-cửa-'; // 17 characters, 25 bytes in UTF-8
    expect(Buffer.byteLength(name)).toBe(25);
    expect(parse(queue, name.repeat(10))).toBe(name.repeat(10)); // 250 bytes
    expect(parse(queue, name.repeat(11))).toBe('unfit'); // 187 characters, 275 bytes
    expect(parse(queue, name.normalize('NFD').repeat(10))).toBe('unfit'); // the same text decomposed is longer
  });

  it('keeps secrets and passwords out of what it shows', () => {
    expect(secret(32).show('s'.repeat(40))).toBe('(40 characters, hidden)');
    expect(secret(32).masked).toBe(true);
    expect(redactUrl('amqp://bus:p%40ss@mq:5672/vh')).toBe('amqp://bus:***@mq:5672/vh');
    expect(urls(['amqp:']).show(['amqp://bus:pw@a', 'amqp://bus:pw@b'])).toBe('"amqp://bus:***@a,amqp://bus:***@b"');
    expect(databaseUrl().show('postgres://lt:hunter2@db/lt')).toBe('"postgres://lt:***@db/lt"');
  });

  it('reads off as null, and empty too only where asked', () => {
    expect(parse(orOff(url()), 'off')).toBeNull();
    expect(orOff(url()).empty).toBeUndefined();
    expect(orOff(url(), true).empty).toBeNull();
  });
});
