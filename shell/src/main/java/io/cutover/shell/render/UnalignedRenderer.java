package io.cutover.shell.render;

import io.cutover.shell.spi.ResultTable;
import java.util.List;

/**
 * {@code \pset format unaligned} (psql's print_unaligned_text and _vertical): values joined by the
 * field separator, records by the record separator, the last ended by a newline (or a zero byte).
 */
final class UnalignedRenderer implements TableRenderer {

  @Override
  public String render(ResultTable table, PrintSettings settings) {
    PrintContent cont = PrintContent.of(table, settings);
    String fieldSep = settings.fieldSeparator().written();
    String recordSep = settings.recordSeparator().written();
    StringBuilder out = new StringBuilder();
    boolean needRecordSep = false;
    if (settings.expanded() == Expanded.ON) {
      if (!cont.tuplesOnly() && cont.title() != null) {
        out.append(cont.title());
        needRecordSep = true;
      }
      for (List<String> row : cont.rows()) {
        if (needRecordSep) {
          out.append(recordSep).append(recordSep);
        }
        for (int c = 0; c < row.size(); c++) {
          out.append(cont.headers().get(c)).append(fieldSep).append(row.get(c));
          if (c < row.size() - 1) {
            out.append(recordSep);
          }
        }
        needRecordSep = true;
      }
      if (!cont.tuplesOnly() && !cont.footers().isEmpty()) {
        out.append(recordSep);
        for (String f : cont.footers()) {
          out.append(recordSep).append(f);
        }
      }
    } else {
      if (!cont.tuplesOnly()) {
        if (cont.title() != null) {
          out.append(cont.title()).append(recordSep);
        }
        out.append(String.join(fieldSep, cont.headers()));
        needRecordSep = true;
      }
      for (List<String> row : cont.rows()) {
        if (needRecordSep) {
          out.append(recordSep);
        }
        out.append(String.join(fieldSep, row));
        needRecordSep = true;
      }
      if (!cont.tuplesOnly()) {
        for (String f : cont.footersWithDefault()) {
          if (needRecordSep) {
            out.append(recordSep);
          }
          out.append(f);
          needRecordSep = true;
        }
      }
    }
    if (needRecordSep) {
      out.append(settings.recordSeparator().zero() ? "\0" : "\n");
    }
    return out.toString();
  }
}
