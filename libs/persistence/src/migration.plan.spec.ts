import { planMigrations } from './migration.plan';

describe('planMigrations', () => {
  it("sorts by id and picks the dialect's SQL", () => {
    const plan = planMigrations(
      [
        { id: 'b-002', sql: 'B' },
        { id: 'a-001', sql: { sqlite: 'A lite', postgres: 'A pg' } },
      ],
      'postgres',
    );
    expect(plan).toEqual([
      { id: 'a-001', sql: 'A pg' },
      { id: 'b-002', sql: 'B' },
    ]);
  });

  it('rejects duplicate ids, naming the id', () => {
    expect(() =>
      planMigrations(
        [
          { id: 'x-001', sql: 'A' },
          { id: 'x-001', sql: 'B' },
        ],
        'sqlite',
      ),
    ).toThrow(expect.objectContaining({ code: 'DB.MIGRATION_INVALID', message: expect.stringContaining('"x-001"') as string }) as Error);
  });

  it('rejects empty ids and missing SQL', () => {
    expect(() => planMigrations([{ id: ' ', sql: 'A' }], 'sqlite')).toThrow(
      expect.objectContaining({ code: 'DB.MIGRATION_INVALID' }) as Error,
    );
    expect(() => planMigrations([{ id: 'x', sql: { postgres: 'A' } as never }], 'sqlite')).toThrow(
      expect.objectContaining({ code: 'DB.MIGRATION_INVALID' }) as Error,
    );
  });
});
