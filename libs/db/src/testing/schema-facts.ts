// Two descriptions of one database schema, as sorted lists of plain facts ("column runs.id uuid
// not null", "index runs (project, created_at DESC, id DESC)"): one read from schema.prisma
// through Prisma's own schema parser (DMMF), one read from a migrated database's catalog. The
// schema test compares them, so a migration that drifts from schema.prisma fails with a diff.
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type { SqlSession } from '../sql-session.ts';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: { name: string } | string | number | boolean | null;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: Array<{ name: string; sortOrder?: 'asc' | 'desc' }>;
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: Array<{ name: string; values: Array<{ name: string }> }>;
    indexes: DmmfIndex[];
  };
}

const scalarColumnTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

const nativeColumnTypes: Record<string, (args: string[]) => string> = {
  Uuid: () => 'uuid',
  Timestamptz: (args) => `timestamp(${args[0] ?? '6'}) with time zone`,
  Timestamp: (args) => `timestamp(${args[0] ?? '6'}) without time zone`,
  Text: () => 'text',
  VarChar: (args) => (args[0] ? `character varying(${args[0]})` : 'character varying'),
  Integer: () => 'integer',
  BigInt: () => 'bigint',
  JsonB: () => 'jsonb',
};

/** Client-side defaults (Prisma fills them in), which leave no DEFAULT in the database. */
const clientSideDefaults = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);

export function describeSchemaFromPrisma(schemaText: string): string[] {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] }))) as Dmmf;
  const facts: string[] = [];
  const tableOf = new Map(dmmf.datamodel.models.map((model) => [model.name, model.dbName ?? model.name]));

  for (const prismaEnum of dmmf.datamodel.enums) {
    facts.push(`enum ${prismaEnum.name} (${prismaEnum.values.map((value) => value.name).join(', ')})`);
  }
  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const columnOf = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    const columns = (names: string[]) => names.map((name) => columnOf.get(name) ?? name);
    facts.push(`table ${table}`);
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (field.relationFromFields && field.relationFromFields.length > 0) {
          const target = tableOf.get(field.type) ?? field.type;
          const targetModel = dmmf.datamodel.models.find((candidate) => candidate.name === field.type);
          const targetColumns = (field.relationToFields ?? []).map(
            (name) => targetModel?.fields.find((candidate) => candidate.name === name)?.dbName ?? name,
          );
          const onDelete = (field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull')).replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
          facts.push(`fk ${table} (${columns(field.relationFromFields).join(', ')}) -> ${target} (${targetColumns.join(', ')}) on delete ${onDelete}`);
        }
        continue;
      }
      const column = field.dbName ?? field.name;
      const type =
        field.kind === 'enum'
          ? field.type
          : field.nativeType
            ? (nativeColumnTypes[field.nativeType[0]]?.(field.nativeType[1]) ?? `native ${field.nativeType[0]}`)
            : (scalarColumnTypes[field.type] ?? `prisma ${field.type}`);
      facts.push(`column ${table}.${column} ${type}${field.isList ? '[]' : ''} ${field.isRequired ? 'not null' : 'null'}`);
      const defaultName = typeof field.default === 'object' && field.default !== null ? field.default.name : undefined;
      if (field.hasDefaultValue && !(defaultName && clientSideDefaults.has(defaultName))) {
        facts.push(`default ${table}.${column}`);
      }
    }
  }
  for (const index of dmmf.datamodel.indexes) {
    const model = dmmf.datamodel.models.find((candidate) => candidate.name === index.model);
    if (!model) continue;
    const table = model.dbName ?? model.name;
    const columnOf = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    const parts = index.fields.map((part) => `${columnOf.get(part.name) ?? part.name}${part.sortOrder === 'desc' ? ' DESC' : ''}`);
    const kind = index.type === 'id' ? 'pk' : index.type === 'unique' ? 'unique' : 'index';
    facts.push(`${kind} ${table} (${parts.join(', ')})`);
  }
  return facts.sort();
}

export async function describeSchemaFromDatabase(session: SqlSession): Promise<string[]> {
  const facts: string[] = [];
  const enums = await session.query<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema() GROUP BY t.typname`);
  for (const row of enums) facts.push(`enum ${row.name} (${row.labels.join(', ')})`);

  const tables = await session.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`);
  for (const row of tables) facts.push(`table ${row.name}`);

  const columns = await session.query<{ table: string; column: string; type: string; notnull: boolean; hasdefault: boolean }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, a.atthasdef AS hasdefault
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
      AND a.attnum > 0 AND NOT a.attisdropped`);
  for (const row of columns) {
    const type = row.type.replace(/^"(.*)"$/, '$1');
    facts.push(`column ${row.table}.${row.column} ${type} ${row.notnull ? 'not null' : 'null'}`);
    if (row.hasdefault) facts.push(`default ${row.table}.${row.column}`);
  }

  const indexes = await session.query<{ table: string; definition: string; unique: boolean; primary: boolean }>(`
    SELECT c.relname AS table, pg_get_indexdef(i.indexrelid) AS definition, i.indisunique AS unique, i.indisprimary AS primary
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relname <> '_prisma_migrations'`);
  for (const row of indexes) {
    const columnList = /\((.*)\)\s*$/.exec(row.definition)?.[1] ?? row.definition;
    const parts = columnList.split(',').map((part) => part.trim().replace(/"/g, '').replace(/\s+ASC$/, ''));
    facts.push(`${row.primary ? 'pk' : row.unique ? 'unique' : 'index'} ${row.table} (${parts.join(', ')})`);
  }

  const foreignKeys = await session.query<{ table: string; columns: string[]; target: string; target_columns: string[]; on_delete: string }>(`
    SELECT c.relname AS table, t.relname AS target,
      (SELECT array_agg(a.attname ORDER BY k.ord)::text[] FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num) AS columns,
      (SELECT array_agg(a.attname ORDER BY k.ord)::text[] FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num) AS target_columns,
      CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
        WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS on_delete
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class t ON t.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype = 'f' AND n.nspname = current_schema()`);
  for (const row of foreignKeys) {
    facts.push(`fk ${row.table} (${row.columns.join(', ')}) -> ${row.target} (${row.target_columns.join(', ')}) on delete ${row.on_delete}`);
  }
  return facts.sort();
}
