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

  // Two rows of a small table; whether the dual-write trigger is on the table now and fires for
  // every session, as \dualwrite on leaves it ('A'; dropped, disabled, or re-enabled by hand for
  // ordinary or replica sessions only, some writes skip it); and, for the check, whether the
  // trigger's catalog row was written from the check's snapshot horizon on (DISABLE then ENABLE
  // ALWAYS by hand leaves 'A' but a gap: the row's xmin tells; the swap of \\rebuild or \\partition,
  // which makes it again on the new table, is marked trigger_moved_by). AccessShareLock only.
  // Params: schema, table, plan.
  private static final String STEPS = """
      WITH trg AS (
        SELECT t.tgenabled, t.xmin AS written_by FROM pg_catalog.pg_trigger t
        JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relname = ? AND t.tgname = 'cutover_dual_write')
      SELECT s.step, s.status, s.detail::text,
             EXISTS (SELECT FROM trg WHERE tgenabled = 'A'),
             s.step = 'verify' AND s.detail->>'horizon' IS NOT NULL AND EXISTS (SELECT FROM trg
               WHERE age(written_by) <= age(((s.detail->>'horizon')::bigint % 4294967296)::text::xid)
                 AND written_by::text IS DISTINCT FROM s.detail->>'trigger_moved_by')
      FROM cutover.steps s WHERE s.plan = ? AND s.step IN ('verify', 'dualwrite')
      """;

  /** Bind: the flag. The boolean gate, as flipper-active_record stores "on for everyone". */
  private static final String FLAG_ON = """
      SELECT EXISTS (SELECT FROM flipper_gates WHERE feature_key = ? AND key = 'boolean' AND value = 'true')
      """;

  private static final String CHANGED_BY_HAND = "the dual-write trigger was changed by hand since the last exact"
      + " check (disabled, re-enabled or replaced): rows written meanwhile may lack their ids (run \\backfill --again,"
      + " then \\progress --exact)";

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
    String dualWriteDetail = "{}";
    boolean triggerOn = false;
    boolean triggerChangedSinceCheck = false;
    if (RewritePlan.exists(c, "cutover.steps")) {
      try (PreparedStatement ps = c.prepareStatement(STEPS)) {
        ps.setString(1, plan.schema());
        ps.setString(2, plan.table());
        ps.setString(3, plan.target());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            triggerOn = rs.getBoolean(4);
            if (rs.getString(1).equals("verify")) {
              triggerChangedSinceCheck = rs.getBoolean(5);
              verifyStatus = rs.getString(2);
              verifyDetail = rs.getString(3);
            } else {
              dualWrite = rs.getString(2);
              dualWriteDetail = rs.getString(3);
            }
          }
        }
      }
    }
    // The application's own flag (mode flipper) writes the FKs without the trigger, while it is on for everyone now
    // (turned off in the application's admin, it writes none).
    boolean flipperOnly = json(dualWriteDetail).path("mode").asText().equals("flipper");
    boolean writing = "on".equals(dualWrite) && (triggerOn || flipperOnly && flagOn(c, plan));
    JsonNode check = json(verifyDetail);
    JsonNode dims = check.path("dimensions");
    Map<String, String> untrusted = new LinkedHashMap<>();
    for (DimensionColumn d : plan.dimensions()) {
      JsonNode counts = dims.path(d.column());
      if (verifyStatus == null || counts.isMissingNode()) {
        untrusted.put(d.column(), "never verified (run \\progress --exact)");
      } else if (counts.path("missing").asLong(-1) != 0 || counts.path("mismatched").asLong(-1) != 0) {
        untrusted.put(d.column(), counts.path("missing").asLong() + " rows missing and "
            + counts.path("mismatched").asLong() + " mismatched at the last exact check (run \\backfill, or"
            + " \\backfill --again after a finished run, then \\progress --exact)");
      } else if ("void".equals(verifyStatus)) {
        untrusted.put(d.column(), "the last clean exact check was voided (" + check.path("voided_by").asText("dual-write was"
            + " off") + "): rows written meanwhile may lack their ids (run \\backfill --again, then \\progress --exact)");
      } else if (!"clean".equals(verifyStatus)) {
        untrusted.put(d.column(), "the last exact check was not clean (run \\progress --exact)");
      } else if (!writing) {
        untrusted.put(d.column(),
            "dual-write is off, so rows written since the check may lack their ids (\\dualwrite on)");
      } else if (triggerChangedSinceCheck) {
        untrusted.put(d.column(), CHANGED_BY_HAND);
      }
    }
    return new Readiness(untrusted);
  }

  /** Whether the plan's dual-write flag is on for everyone, as the application reads flipper_gates. */
  private static boolean flagOn(Connection c, RewritePlan plan) throws SQLException {
    if (plan.dualWriteFlag().isEmpty() || !RewritePlan.exists(c, "flipper_gates")) {
      return false;
    }
    try (PreparedStatement ps = c.prepareStatement(FLAG_ON)) {
      ps.setString(1, plan.dualWriteFlag().get());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return MAPPER.createObjectNode();
    }
  }
}
