package io.cutover.rewrite.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * The FROM items one SELECT sees, and the enclosing SELECT's for correlated references; resolves
 * a column reference to the item it comes from, as PostgreSQL does.
 */
final class Scope {

  /** A resolved column reference. */
  record Ref(SelectRewriter owner, Source source, String column, ColumnMeaning meaning) {
  }

  final SelectRewriter owner;
  final Scope parent;
  /** The CTEs visible here, rewritten, by name. */
  final Map<String, QueryResult> ctes;
  final List<Source> sources = new ArrayList<>();

  Scope(SelectRewriter owner, Scope parent, Map<String, QueryResult> ctes) {
    this.owner = owner;
    this.parent = parent;
    this.ctes = ctes;
  }

  /**
   * @return null when the name is none of these sources' columns (an output alias, a parameter)
   * @throws NotRewritable when an unqualified dimension name could come from more than one item
   */
  Ref resolve(SqlIdentifier id) throws NotRewritable {
    if (id.isStar()) {
      return null;
    }
    List<String> names = id.names;
    String column = names.get(names.size() - 1);
    if (names.size() >= 2) {
      String qualifier = names.get(names.size() - 2);
      for (Source s : sources) {
        if (qualifier.equals(s.alias)) {
          return new Ref(owner, s, column, s.column(column).orElse(ColumnMeaning.OTHER));
        }
      }
      return parent == null ? null : parent.resolve(id);
    }
    Source found = null;
    boolean maybeElsewhere = false;
    for (Source s : sources) {
      if (s.column(column).isPresent()) {
        if (found == null) {
          found = s;
        } else if (s.column(column).get().isDimension() || found.column(column).get().isDimension()) {
          throw ambiguous(column, s, found);
        }
      } else if (!s.knowsColumns()) {
        maybeElsewhere = true;
      }
    }
    if (found == null) {
      return maybeElsewhere || parent == null ? null : parent.resolve(id);
    }
    ColumnMeaning meaning = found.column(column).orElseThrow();
    if (maybeElsewhere && !(meaning instanceof ColumnMeaning.Other)) {
      throw new NotRewritable("cannot tell which table \"" + column + "\" comes from; qualify it with its table's alias");
    }
    return new Ref(owner, found, column, meaning);
  }

  /**
   * The FROM item a name that is no column reads as a whole row ({@code row_to_json(x)}), here or
   * in an enclosing scope, as PostgreSQL looks for it; null when there is none.
   */
  Source wholeRow(String name) {
    for (Source s : sources) {
      if (name.equals(s.alias)) {
        return s;
      }
    }
    return parent == null ? null : parent.wholeRow(name);
  }

  private static NotRewritable ambiguous(String column, Source a, Source b) {
    return new NotRewritable("column reference \"" + column + "\" is ambiguous (" + a.alias + ", " + b.alias + ")");
  }
}
