package io.cutover.shell.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.shell.spi.ResultTable;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code \pset format json}: one array of objects keyed by column name. Numbers stay numbers
 * (exactly, as {@link BigDecimal}), NULL is null, booleans are booleans, everything else is the server's text.
 */
final class JsonRenderer implements TableRenderer {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    ArrayNode rows = MAPPER.createArrayNode();
    for (List<String> row : table.rows()) {
      ObjectNode o = rows.addObject();
      for (int c = 0; c < row.size(); c++) {
        ResultTable.Column col = table.columns().get(c);
        String v = row.get(c);
        if (v == null) {
          o.putNull(col.name());
        } else if (col.logical() && (v.equals("t") || v.equals("f"))) {
          o.put(col.name(), v.equals("t"));
        } else if (col.numeric() && isFinite(v)) {
          o.put(col.name(), new BigDecimal(v));
        } else {
          o.put(col.name(), v);
        }
      }
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static boolean isFinite(String v) {
    try {
      new BigDecimal(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
