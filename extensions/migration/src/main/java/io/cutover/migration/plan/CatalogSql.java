package io.cutover.migration.plan;

/** Catalog reads for plans and generated migrations. Catalog only: AccessShareLock on pg_* tables. */
final class CatalogSql {

  private CatalogSql() {
  }

  /** Params: schema, table. */
  static final String TABLE = """
      SELECT c.oid, c.relkind FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relname = ?
      """;

  /** Columns in order; param: table oid. */
  static final String COLUMNS = """
      SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), t.typcategory, a.attnotnull,
             CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0
                  THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                        FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                        WHERE co.oid = a.attcollation) END
      FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
      """;

  /** Unique indexes (and so unique and primary key constraints) as column-name arrays; param: table oid. */
  static final String UNIQUE_KEYS = """
      SELECT array_agg(a.attname ORDER BY k.ord)
      FROM pg_catalog.pg_index i
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
      GROUP BY i.indexrelid
      """;
}
