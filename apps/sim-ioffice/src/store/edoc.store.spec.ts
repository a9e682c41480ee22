import { EdocStore, type MessageType } from './edoc.store';

describe('EdocStore', () => {
  const base = Date.UTC(2026, 10, 28, 1, 0, 0);
  const add = (store: EdocStore, from: string, to: string, offsetMs: number, messageType: MessageType = 'edoc') =>
    store.add({
      fromOrganId: from,
      toOrganId: to,
      messageType,
      edxml: Buffer.from('x'),
      meta: { documentId: `D${offsetMs}` },
      at: new Date(base + offsetMs),
    });

  it('lists pending packages per recipient, oldest first, bounded by max, without acknowledged ones', () => {
    const store = new EdocStore();
    const a = add(store, 'center', 'sotp', 0);
    const b = add(store, 'center', 'sotp', 1);
    add(store, 'center', 'soyt', 2);
    const d = add(store, 'center', 'sotp', 3);
    expect(store.pendingFor('sotp').map((x) => x.docId)).toEqual([a.docId, b.docId, d.docId]);
    expect(store.pendingFor('sotp', 2).map((x) => x.docId)).toEqual([a.docId, b.docId]);
    expect(store.acknowledge(b.docId, 'done', undefined, new Date())).toBe(true);
    expect(store.pendingFor('sotp').map((x) => x.docId)).toEqual([a.docId, d.docId]);
    expect(store.pendingFor('nobody')).toEqual([]);
  });

  it('puts a redelivered package back in its place by age, once', () => {
    const store = new EdocStore();
    const a = add(store, 'center', 'sotp', 0);
    const b = add(store, 'center', 'sotp', 1);
    const c = add(store, 'center', 'sotp', 2);
    store.acknowledge(a.docId, 'done', undefined, new Date());
    store.acknowledge(b.docId, 'fail', 'bad', new Date());
    store.redeliver(a.docId);
    store.redeliver(a.docId); // pending already: nothing changes
    expect(store.pendingFor('sotp').map((x) => x.docId)).toEqual([a.docId, c.docId]);
    expect(store.get(a.docId)?.redeliveries).toBe(1);
  });

  it('lists what a sender sent since a moment, inclusive, in acceptance order', () => {
    const store = new EdocStore();
    const docs = [0, 10, 20, 30].map((t) => add(store, 'sotp', 'center', t));
    add(store, 'soyt', 'center', 15);
    expect(store.sentBy('sotp', new Date(base + 10)).map((x) => x.docId)).toEqual(docs.slice(1).map((x) => x.docId));
    expect(store.sentBy('sotp', new Date(base + 11)).map((x) => x.docId)).toEqual(docs.slice(2).map((x) => x.docId));
    expect(store.sentBy('sotp', new Date(base + 31))).toEqual([]);
    expect(store.sentBy('sotp', new Date(0))).toHaveLength(4);
    expect(store.sentBy('unknown', new Date(0))).toEqual([]);
  });

  it('keeps the sent list sorted when the clock goes backwards', () => {
    const store = new EdocStore();
    add(store, 'sotp', 'center', 100);
    const early = add(store, 'sotp', 'center', 50);
    expect(store.sentBy('sotp', new Date(base + 60)).map((x) => x.at.getTime() - base)).toEqual([100]);
    expect(store.sentBy('sotp', new Date(base)).map((x) => x.docId)[0]).toBe(early.docId);
  });
});
