package io.cutover.rewrite.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The column name of an unnamed {@code x::type}, as psql 15 shows it for {@code select 1::TYPE}. */
class CastTypesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "int|int4", "INTEGER|int4", "bigint|int8", "smallint|int2", "real|float4", "double precision|float8",
      "float|float8", "float(10)|float4", "float(30)|float8", "numeric(10, 2)|numeric", "decimal|numeric",
      "boolean|bool", "character varying(10)|varchar", "varchar|varchar", "char(3)|bpchar", "text|text",
      "text[]|text", "int[]|int4", "timestamp with time zone|timestamptz", "timestamp(3) without time zone|timestamp",
      "time with time zone|timetz", "interval|interval", "pg_catalog.int4|int4", "public.\"My \"\"Type\"|My \"Type",
      "\"Mixed\"|Mixed", "jsonb|jsonb", "bit varying(5)|varbit"})
  void isPostgresqlsName(String type, String name) {
    assertEquals(name, CastTypes.columnName(type));
    assertEquals(name, CastTypes.columnNameOf(CastTypes.placeholder(7, type)).orElseThrow());
  }
}
