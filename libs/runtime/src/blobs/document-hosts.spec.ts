import { ConfigError } from '@lienthong/config';
import { DocumentHosts, isInternalAddress } from './document-hosts';

const grant = (hosts: DocumentHosts, url: string) => hosts.grant(new URL(url));

describe('DOCUMENT_HOSTS', () => {
  it('allows a listed host on any port, a host:port on that port only', () => {
    const hosts = DocumentHosts.parse('motcua.langson.gov.vn, 10.20.0.15:9000');
    expect(grant(hosts, 'https://motcua.langson.gov.vn/hs/1.pdf')).toEqual({ exact: true });
    expect(grant(hosts, 'http://MOTCUA.langson.gov.vn:8080/hs/1.pdf')).toEqual({ exact: true });
    expect(grant(hosts, 'http://10.20.0.15:9000/hs/1.pdf')).toEqual({ exact: true });
    expect(grant(hosts, 'http://10.20.0.15:9001/hs/1.pdf')).toBeUndefined();
    expect(grant(hosts, 'http://10.20.0.15/hs/1.pdf')).toBeUndefined();
    expect(grant(hosts, 'https://evil.langson.gov.vn/x')).toBeUndefined();
    expect(grant(hosts, 'https://motcua.langson.gov.vn.evil.example/x')).toBeUndefined();
  });

  it('compares the host URL parsers make, not the one written (IPv4 spellings, IPv6, default ports)', () => {
    const hosts = DocumentHosts.parse('127.0.0.1:3103,[::1]:80,files.example.vn:443');
    expect(grant(hosts, 'http://0x7f.0.0.1:3103/x')).toEqual({ exact: true }); // the same address: allowed, not a way around
    expect(grant(hosts, 'http://[0:0:0:0:0:0:0:1]/x')).toEqual({ exact: true });
    expect(grant(hosts, 'https://files.example.vn/x')).toEqual({ exact: true });
    expect(grant(hosts, 'http://files.example.vn/x')).toBeUndefined(); // port 80
    expect(grant(hosts, 'http://[::ffff:127.0.0.1]:3103/x')).toBeUndefined(); // another host as far as the list goes
  });

  it('lets a wildcard allow names (public addresses only), never addresses', () => {
    const hosts = DocumentHosts.parse('*.langson.gov.vn:443,*');
    expect(grant(hosts, 'https://tailieu.langson.gov.vn/x')).toEqual({ exact: false });
    expect(grant(hosts, 'http://localhost:3103/x')).toEqual({ exact: false });
    expect(grant(hosts, 'http://169.254.169.254/latest/meta-data/')).toBeUndefined();
    expect(grant(hosts, 'http://[fd00::1]/x')).toBeUndefined();
    expect(() => DocumentHosts.parse('*.10.0.0.1')).toThrow(/wildcard stands for DNS names/);
  });

  it('reads Vietnamese host names as URLs do (punycode), whether written in NFC or NFD', () => {
    const nfc = 'tàiliệu.sởxâydựng.gov.vn'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    for (const written of [nfc, nfd]) {
      const hosts = DocumentHosts.parse(written);
      expect(grant(hosts, `https://${nfc}/hồ-sơ/1.pdf`)).toEqual({ exact: true });
      expect(grant(hosts, `https://${new URL(`https://${nfc}`).hostname}/1.pdf`)).toEqual({ exact: true });
    }
    expect(grant(DocumentHosts.parse(`*.sởxâydựng.gov.vn`.normalize('NFD')), `https://${nfc}/x`)).toEqual({ exact: false });
  });

  it('refuses entries that are not hosts, naming the variable', () => {
    expect(() => DocumentHosts.parse('http://files.example.vn/docs')).toThrow(/DOCUMENT_HOSTS: "http:\/\/files.example.vn\/docs"/);
    expect(() => DocumentHosts.parse('files.example.vn:70000')).toThrow(ConfigError);
    expect(() => DocumentHosts.parse(' , ')).toThrow(/DOCUMENT_HOSTS must list at least one host/);
  });

  it('is required in production; elsewhere it is loopback, where the simulators serve documents', () => {
    expect(() => DocumentHosts.fromEnv({ NODE_ENV: 'production' })).toThrow(/DOCUMENT_HOSTS is required when NODE_ENV=production/);
    const development = DocumentHosts.fromEnv({});
    expect(grant(development, 'http://127.0.0.1:3103/files/1.pdf')).toEqual({ exact: true });
    expect(grant(development, 'http://localhost:3103/files/1.pdf')).toEqual({ exact: true });
    expect(grant(development, 'http://10.0.0.5/files/1.pdf')).toBeUndefined();
    expect(
      grant(DocumentHosts.fromEnv({ NODE_ENV: 'production', DOCUMENT_HOSTS: 'motcua.langson.gov.vn' }), 'http://127.0.0.1:3103/x'),
    ).toBeUndefined();
  });
});

describe('internal addresses', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe', // 169.254.169.254, IPv4-mapped
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe', // NAT64 to the metadata service
    '::10.0.0.1', // IPv4-compatible
    'not-an-address',
  ])('%s is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '14.225.0.1', '172.32.0.1', '203.162.4.190', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    '%s is public',
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );
});
