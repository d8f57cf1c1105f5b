package io.cutover.rewrite.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether each dimension's FKs can be trusted to hold the same values as its strings: the last
 * exact check ({@code \progress --exact}) found 0 missing and 0 mismatched for it, and dual-write
 * is still on, so rows written since keep the invariant. Read from {@code cutover.steps}.
 */
public final class Readiness {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  // Two rows of a small table; AccessShareLock only.
  private static final String STEPS = """
      SELECT step, status, detail::text FROM cutover.steps WHERE step IN ('verify', 'dualwrite')
      """;

  private final Map<String, String> untrusted;

  private Readiness(Map<String, String> untrusted) {
    this.untrusted = untrusted;
  }

  /** Dimension column → why its FKs cannot be trusted yet; empty when all can. */
  public Map<String, String> untrusted() {
    return untrusted;
  }

  public boolean isTrusted(String column) {
    return !untrusted.containsKey(column);
  }

  public static Readiness read(Connection c, RewritePlan plan) throws SQLException {
    String verifyStatus = null;
    String verifyDetail = "{}";
    String dualWrite = null;
    if (RewritePlan.exists(c, "cutover.steps")) {
      try (PreparedStatement ps = c.prepareStatement(STEPS); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("verify")) {
            verifyStatus = rs.getString(2);
            verifyDetail = rs.getString(3);
          } else {
            dualWrite = rs.getString(2);
          }
        }
      }
    }
    JsonNode dims;
    try {
      dims = MAPPER.readTree(verifyDetail).path("dimensions");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      dims = MAPPER.createObjectNode();
    }
    Map<String, String> untrusted = new LinkedHashMap<>();
    for (DimensionColumn d : plan.dimensions()) {
      JsonNode counts = dims.path(d.column());
      if (verifyStatus == null || counts.isMissingNode()) {
        untrusted.put(d.column(), "never verified (run \\progress --exact)");
      } else if (counts.path("missing").asLong(-1) != 0 || counts.path("mismatched").asLong(-1) != 0) {
        untrusted.put(d.column(), counts.path("missing").asLong() + " rows missing and "
            + counts.path("mismatched").asLong() + " mismatched at the last exact check (run \\backfill, or"
            + " \\backfill --again after a finished run, then \\progress --exact)");
      } else if (!"on".equals(dualWrite)) {
        untrusted.put(d.column(),
            "dual-write is off, so rows written since the check may lack their ids (\\dualwrite on)");
      }
    }
    return new Readiness(untrusted);
  }
}
