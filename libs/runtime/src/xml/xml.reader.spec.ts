import { XmlReadError, childNamed, readXml } from './xml.reader';

describe('readXml', () => {
  it('reads elements, namespaces (prefixed, default, nested), attributes and text', () => {
    const root = readXml(
      '<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment --><a:Root xmlns:a="urn:a" xmlns="urn:d" id=\'1\'><Child kind="x &amp; y">Hồ sơ <![CDATA[<b>Đ</b>]]>&lt;3 &#273;&#x110;</Child><a:Empty/><b:Other xmlns:b="urn:b"/></a:Root>',
    );
    expect(root).toMatchObject({ name: 'Root', namespace: 'urn:a' });
    expect(root.attributes.get('id')).toBe('1');
    const child = childNamed(root, 'Child')!;
    expect(child).toMatchObject({ name: 'Child', namespace: 'urn:d', text: 'Hồ sơ <b>Đ</b><3 đĐ' });
    expect(child.attributes.get('kind')).toBe('x & y');
    expect(childNamed(root, 'Empty')).toMatchObject({ namespace: 'urn:a', children: [], text: '' });
    expect(childNamed(root, 'Other')!.namespace).toBe('urn:b');
  });

  it('keeps Vietnamese text as it came, precomposed or decomposed (NFD)', () => {
    const nfd = 'Sở Xây dựng'.normalize('NFD');
    expect(readXml(`<r>${nfd}</r>`).text).toBe(nfd);
  });

  it('refuses DTDs and entity declarations: no entity expansion, no external entities', () => {
    expect(() => readXml('<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>')).toThrow(/DTD/);
    expect(() => readXml('<r><!doctype r></r>')).toThrow(XmlReadError);
  });

  it('refuses entities it does not know, bare ampersands, and markup that is not well-formed', () => {
    for (const bad of [
      '<r>&nbsp;</r>',
      '<r>a & b</r>',
      '<r>&#0;</r>',
      '<r><a></b></r>',
      '<r>',
      '<r/><r/>',
      'text<r/>',
      '<p:r/>',
      '<r a="1" a="2"/>',
      '<r a="<"/>',
      '',
    ]) {
      expect(() => readXml(bad)).toThrow(XmlReadError);
    }
  });

  it('refuses nesting deeper than 64', () => {
    expect(() => readXml(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`)).toThrow(/deeper/);
    expect(readXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`).name).toBe('a');
  });

  it('reads a large base64 text in one piece', () => {
    const base64 = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64');
    expect(readXml(`<r><edxml>${base64}</edxml></r>`).children[0].text).toHaveLength(base64.length);
  });
});
