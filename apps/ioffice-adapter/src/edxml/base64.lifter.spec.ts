import { createHash, randomBytes } from 'node:crypto';
import { C14nCanonicalization } from 'xml-crypto';
import { DOMParser } from '@xmldom/xmldom';
import { decodeBase64Bytes, liftBase64 } from './base64.lifter';

/** C14N 1.0 of a whole document, as the verifier's digest sees it. */
const canonical = (xml: string): string =>
  new C14nCanonicalization().process(new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Node, {}).toString();
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

describe('lifting base64 text out of a document before parsing it', () => {
  const b64 = randomBytes(3000).toString('base64');

  it('lifts the content of <name> with any prefix, not end tags, longer names or other elements', () => {
    const xml = `<a:Root xmlns:a="urn:x"><a:CTE>${b64}</a:CTE><CTE>QUJD</CTE><a:XCTE>QUJD</a:XCTE><a:Other>QUJD</a:Other><a:CTE>not base64!</a:CTE><a:CTE></a:CTE></a:Root>`;
    const { skeleton, lifted } = liftBase64(Buffer.from(xml), 'CTE');
    expect(lifted.count).toBe(2);
    expect(skeleton.toString()).toBe(
      `<a:Root xmlns:a="urn:x"><a:CTE>${lifted.tokenOf(0)}</a:CTE><CTE>${lifted.tokenOf(1)}</CTE><a:XCTE>QUJD</a:XCTE><a:Other>QUJD</a:Other><a:CTE>not base64!</a:CTE><a:CTE></a:CTE></a:Root>`,
    );
    expect(lifted.decodeBase64Text(lifted.tokenOf(0))!.equals(Buffer.from(b64, 'base64'))).toBe(true);
    expect(lifted.decodeBase64Text(` ${lifted.tokenOf(1)}\n`)!.toString()).toBe('ABC');
  });

  it.each([
    ['plain text', (t: string) => `<r><CTE>${t}</CTE></r>`],
    ['text wrapped in CRLF lines', (t: string) => `<r><CTE>\r\n${t.replace(/(.{76})/g, '$1\r\n')}\r\n</CTE></r>`],
    ['lone CRs', (t: string) => `<r><CTE>${t.slice(0, 100)}\r${t.slice(100)}</CTE></r>`],
    ['text followed by a comment and more text', (t: string) => `<r><CTE>${t}<!--x-->QUJD</CTE></r>`],
    ['a run inside CDATA and a comment', (t: string) => `<r><![CDATA[<CTE>${t}<]]><!--<CTE>${t}<--><CTE>${t}</CTE></r>`],
  ])('digests exactly as the canonical form of the original: %s', (_name, make) => {
    const xml = make(b64);
    const { skeleton, lifted } = liftBase64(Buffer.from(xml), 'CTE');
    expect(lifted.count).toBeGreaterThan(0);
    expect(skeleton.length).toBeLessThan(xml.length);
    const digest = lifted.hashExpanded(createHash('sha256'), canonical(skeleton.toString())).digest('base64');
    expect(digest).toBe(sha256(canonical(xml)));
  });

  it('changes the digest when one character of a lifted run changes', () => {
    const xml = `<r><CTE>${b64}</CTE></r>`;
    const changed = xml.replace(/<CTE>(.)/, (_m, c: string) => `<CTE>${c === 'A' ? 'B' : 'A'}`);
    const { skeleton, lifted } = liftBase64(Buffer.from(changed), 'CTE');
    expect(lifted.hashExpanded(createHash('sha256'), canonical(skeleton.toString())).digest('base64')).not.toBe(sha256(canonical(xml)));
  });

  it('expands a token only of this document: another document’s tokens are text', () => {
    const first = liftBase64(Buffer.from(`<r><CTE>QUJD</CTE></r>`), 'CTE').lifted;
    const { lifted } = liftBase64(Buffer.from(`<r><CTE>QUJD</CTE></r>`), 'CTE');
    expect(lifted.decodeBase64Text(first.tokenOf(0))).toBeUndefined(); // read as text: not base64 (33 characters)
    expect(first.tokenOf(0)).not.toBe(lifted.tokenOf(0));
  });
});

describe('decodeBase64Bytes', () => {
  it('decodes what Buffer encodes, of every length, across its internal pieces, whitespace allowed', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 49151, 49152, 49153, 200_000]) {
      const data = randomBytes(n);
      const text = data.toString('base64');
      expect(decodeBase64Bytes(Buffer.from(text))!.equals(data)).toBe(true);
      expect(decodeBase64Bytes(Buffer.from(text.replace(/(.{64})/g, '$1\r\n')))!.equals(data)).toBe(true);
    }
  });

  it.each(['QUJ', 'QU=D', 'Q===', 'QUJD=', 'QUJD====', 'QU JD!', 'QUJD-_'])('refuses %j', (text) => {
    expect(decodeBase64Bytes(Buffer.from(text))).toBeUndefined();
  });
});
