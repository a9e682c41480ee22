import { cpuSecondsOf, listeningInodes } from './proc-stats';
import { partOf } from './profile-summary';

describe('proc-stats', () => {
  it('reads utime + stime even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (beam.smp (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 0 0';
    expect(cpuSecondsOf(stat)).toBe(3);
  });

  it('finds the sockets listening on a port, not those connected to it', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1628 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 31337 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:D431 0100007F:1628 01 00000000:00000000 00:00000000 00000000     0        0 40000 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    expect(listeningInodes(table, 5672)).toEqual(['31337']);
    expect(listeningInodes(table, 5673)).toEqual([]);
  });
});

describe('profile parts', () => {
  it('puts a package frame in its part, and a Node or native frame in its caller’s part', () => {
    expect(partOf('file:///w/node_modules/soap/lib/client.js', 'invoke', undefined, false)).toBe(
      'SOAP client (soap, sax; or the own one in src/ioffice)',
    );
    expect(partOf('/w/dist/apps/ioffice-adapter/src/ioffice/xml.reader.js', 'readXml', 'service code', false)).toBe(
      'SOAP client (soap, sax; or the own one in src/ioffice)',
    );
    expect(partOf('file:///w/node_modules/axios/dist/node/axios.cjs', 'request', undefined, false)).toBe('HTTP client (axios, fetch)');
    expect(partOf('file:///w/node_modules/soap/lib/server.js', 'process', undefined, true)).toBe(
      'SOAP server (soap, sax; or the own one in sim-ioffice)',
    );
    expect(partOf('/w/dist/libs/persistence/src/sqlite.database.js', 'runNow', undefined, false)).toBe(
      'database (SQLite/PostgreSQL driver and libs/persistence)',
    );
    expect(partOf('', 'run', 'database (SQLite/PostgreSQL driver and libs/persistence)', false)).toBe(
      'database (SQLite/PostgreSQL driver and libs/persistence)',
    );
    expect(partOf('node:net', 'writeGeneric', 'transport (amqplib)', false)).toBe('transport (amqplib)');
    expect(partOf('/w/dist/apps/ioffice-adapter/src/edxml/edxml.parser.js', 'parseEdxml', 'service code', false)).toBe('edXML (own code)');
    expect(partOf('', '(garbage collector)', 'service code', false)).toBe('garbage collection');
  });
});
