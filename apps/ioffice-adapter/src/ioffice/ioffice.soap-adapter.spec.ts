import { readAnswer } from './edoc.soap-client';
import { itemsOf } from './ioffice.soap-adapter';

const answer = (inner: string): string =>
  `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><e:GetReceivedEdocListResponse xmlns:e="urn:vnpt:ioffice:edoc:v1">${inner}</e:GetReceivedEdocListResponse></s:Body></s:Envelope>`;

describe('itemsOf (list answers)', () => {
  it('reads an empty list, with or without whitespace, as empty', () => {
    expect(itemsOf(readAnswer(answer(''), 'GetReceivedEdocList')!)).toEqual([]);
    expect(itemsOf(readAnswer(answer('\n  '), 'GetReceivedEdocList')!)).toEqual([]);
  });

  it('reads one item and several items alike, each as its fields’ text, in any prefix or the default namespace', () => {
    const one = '<e:item><e:docId>A</e:docId><e:messageType>status</e:messageType></e:item>';
    expect(itemsOf(readAnswer(answer(one), 'GetReceivedEdocList')!)).toEqual([{ docId: 'A', messageType: 'status' }]);
    const two =
      '<item xmlns="urn:vnpt:ioffice:edoc:v1"><docId>A</docId></item><item xmlns="urn:vnpt:ioffice:edoc:v1"><docId>B</docId></item>';
    expect(itemsOf(readAnswer(answer(two), 'GetReceivedEdocList')!)).toEqual([{ docId: 'A' }, { docId: 'B' }]);
  });
});
