import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';

/** What the package test needs of a systemd unit: the directives as written, several values for repeated ones. */
export interface SystemdUnit {
  readonly directives: ReadonlyMap<string, readonly string[]>;
  /** The one value of a directive; throws when it is missing or repeated. */
  one(name: string): string;
  all(name: string): readonly string[];
}

/** Reads a unit file: `Key=Value` lines, `#`/`;` comments, `[Section]` headers (keys are unique enough across sections here). */
export function readUnit(file: string): SystemdUnit {
  const directives = new Map<string, string[]>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${file}: not a directive: ${line}`);
    const key = line.slice(0, eq).trim();
    directives.set(key, [...(directives.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return {
    directives,
    all: (name) => directives.get(name) ?? [],
    one(name) {
      const values = directives.get(name) ?? [];
      if (values.length !== 1) throw new Error(`${file}: ${name}= is given ${values.length} times, expected once`);
      return values[0];
    },
  };
}

/**
 * Reads a systemd `EnvironmentFile=` (also what `set -a; . file` reads for these files): `KEY=value` lines,
 * comments on their own line, optional quotes around the value.
 */
export function readEnvironmentFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (!m) throw new Error(`${file}:${i + 1}: not KEY=value: ${line}`);
      out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
    });
  return out;
}

/** Writes an environment file back (the test's own values over the template's). */
export function environmentFileText(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
}

/**
 * How other machines would reach this one: its first non-loopback IPv4 address, else its name. What a site writes
 * into PUBLIC_BASE_URL, which production refuses on loopback (the URLs made from it are fetched from elsewhere).
 */
export function machineAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  return address ?? hostname();
}
