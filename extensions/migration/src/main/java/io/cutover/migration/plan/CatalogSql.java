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

  /** The tables inheriting from a table (plain inheritance; partitions are refused apart). Param: table oid. */
  static final String INHERITORS = """
      SELECT string_agg(quote_ident(n.nspname) || '.' || quote_ident(c.relname), ', ' ORDER BY n.nspname, c.relname)
      FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE i.inhparent = ?
      """;

  /**
   * Columns in order, each with what decides whether equal values are equal bytes: the base type
   * (under any domain) and the column's collation when it is nondeterministic (its own or its
   * domain's, so it is named either way). Param: table oid.
   */
  static final String COLUMNS = """
      SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), t.typcategory, a.attnotnull,
             CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0
                  THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                        FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                        WHERE co.oid = a.attcollation) END,
             bt.typname,
             (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
              FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
              WHERE co.oid = a.attcollation AND NOT co.collisdeterministic)
      FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
      """;

  /**
   * Whether a column holds any value (one row is enough), for an FK column the plan names that
   * exists already. Formatted with the quoted names: params none.
   */
  static String anyValue(String qualifiedTable, String column) {
    return "SELECT EXISTS (SELECT FROM " + qualifiedTable + " WHERE " + column + " IS NOT NULL)";
  }

  /**
   * Whether the lookup has a unique key on the scope columns and the digest of its value
   * (immediate, no predicate), as the expand step makes it for values that may be long (a varchar
   * value shows as {@code value::text} in it). Params:
   * lookup oid, scope columns (text[]), value column.
   */
  static final String DIGEST_KEY = """
      SELECT EXISTS (SELECT FROM pg_catalog.pg_index i
        WHERE i.indrelid = ? AND i.indisunique AND i.indimmediate AND i.indpred IS NULL
          AND (SELECT array_agg(regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid, k, true), '::text\\)$', ')')
                   ORDER BY k) FROM generate_series(1, i.indnkeyatts) k)
            = (SELECT coalesce(array_agg(quote_ident(s) ORDER BY o), '{}') FROM unnest(?::text[]) WITH ORDINALITY u(s, o))
              || ('md5(' || quote_ident(?) || ')'))
      """;

  /**
   * What on an existing lookup could refuse or change a value the trigger inserts, depending on
   * the value (which one probe cannot prove): its own triggers, CHECK constraints, forced row-level
   * security. Each as a phrase; param: lookup oid, three times.
   */
  static final String LOOKUP_INTERFERENCE = """
      SELECT 'trigger ' || quote_ident(tgname) FROM pg_catalog.pg_trigger WHERE tgrelid = ? AND NOT tgisinternal
      UNION ALL SELECT 'CHECK constraint ' || quote_ident(conname) FROM pg_catalog.pg_constraint
        WHERE conrelid = ? AND contype = 'c'
      UNION ALL SELECT 'forced row-level security' FROM pg_catalog.pg_class WHERE oid = ? AND relforcerowsecurity
      """;

  /** Whether a FK constraint from the column (alone) references the lookup's id. Params: table oid, column, lookup oid. */
  static final String FK_TO_LOOKUP = """
      SELECT EXISTS (SELECT FROM pg_catalog.pg_constraint con
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
        JOIN pg_catalog.pg_attribute r ON r.attrelid = con.confrelid AND r.attnum = con.confkey[1]
        WHERE con.contype = 'f' AND con.conrelid = ? AND cardinality(con.conkey) = 1 AND a.attname = ?
          AND con.confrelid = ? AND r.attname = 'id')
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
