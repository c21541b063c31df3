import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/index.ts';
import { describeSchemaFromDatabase, describeSchemaFromPrisma } from './testing/schema-facts.ts';

const schemaPath = path.resolve(import.meta.dirname, '../prisma/schema.prisma');
const kinds = await testDatabaseKinds();

describe.each(kinds)('the migrated %s database', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('matches schema.prisma: every model, column, type, nullability, default, key, index and foreign key', async () => {
    const expected = describeSchemaFromPrisma(await readFile(schemaPath, 'utf8'));
    const session = await database.openSession();
    try {
      const actual = await describeSchemaFromDatabase(session);
      expect(actual).toEqual(expected);
    } finally {
      await session.close();
    }
  });
});

describe('the schema comparison', () => {
  it('notices a column whose nullability differs from schema.prisma', async () => {
    const schema = await readFile(schemaPath, 'utf8');
    const changed = schema.replace('requester        String\n', 'requester        String?\n');
    expect(changed).not.toBe(schema);
    const facts = describeSchemaFromPrisma(changed);
    expect(facts).toContain('column runs.requester text null');
    expect(describeSchemaFromPrisma(schema)).toContain('column runs.requester text not null');
  });

  it('lists indexes with their sort order and foreign keys with their delete rule', async () => {
    const facts = describeSchemaFromPrisma(await readFile(schemaPath, 'utf8'));
    expect(facts).toContain('index runs (project, created_at DESC, id DESC)');
    expect(facts).toContain('unique runs (idempotency_key)');
    expect(facts).toContain('unique schedule_fires (schedule_id, slot)');
    expect(facts).toContain('fk runs (parent_run_id) -> runs (id) on delete SET NULL');
    expect(facts).toContain('pk model_aliases (project, alias)');
  });
});
