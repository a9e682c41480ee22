import { itemsOf } from './ioffice.soap-adapter';

describe('itemsOf (the soap client’s list quirks)', () => {
  it('reads an empty list answered as null, or without item, as empty', () => {
    expect(itemsOf(null)).toEqual([]);
    expect(itemsOf(undefined)).toEqual([]);
    expect(itemsOf({})).toEqual([]);
    expect(itemsOf({ item: null })).toEqual([]);
  });

  it('reads a one-element list given as the element itself, and a normal list', () => {
    expect(itemsOf({ item: { docId: 'A' } })).toEqual([{ docId: 'A' }]);
    expect(itemsOf({ item: [{ docId: 'A' }, { docId: 'B' }] })).toEqual([{ docId: 'A' }, { docId: 'B' }]);
  });
});
