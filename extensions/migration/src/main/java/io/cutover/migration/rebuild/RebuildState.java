package io.cutover.migration.rebuild;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.migration.state.Steps;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a rebuild stands, kept in {@code cutover.steps} (step "rebuild") so that a killed shell, or
 * another one, takes up where it stopped. A copy batch writes its checkpoint in its own
 * transaction, so the checkpoint is never ahead of the copy.
 *
 * @param phase where it stands
 * @param copy the copy's name, in the table's schema
 * @param old the name the table takes at the swap
 * @param shape the table's shape when the copy was made ({@link RebuildSql#SHAPE})
 * @param columns the copy's columns, in its order
 * @param maxKey the highest key when the copy started (later rows come through the change log)
 * @param afterKey the last key copied, or null before the first batch
 * @param validFks the FK constraints that were valid, to validate again after the swap
 */
record RebuildState(RebuildPhase phase, String copy, String old, String shape, List<String> columns, String maxKey,
    String afterKey, long copied, long estimate, List<String> validFks) {

  static final String STEP = "rebuild";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Optional<RebuildState> read(Connection c) throws SQLException {
    var step = Steps.get(c, STEP);
    if (step.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode d = MAPPER.readTree(step.get().detailJson());
      return Optional.of(new RebuildState(RebuildPhase.of(step.get().status()), d.path("copy").asText(null), d.path("old").asText(null),
          d.path("shape").asText(null), strings(d.path("columns")), d.path("max_key").asText(null),
          d.path("after_key").asText(null), d.path("copied").asLong(), d.path("estimate").asLong(), strings(d.path("valid_fks"))));
    } catch (JsonProcessingException e) {
      throw new SQLException("cutover.steps holds an unreadable rebuild record: " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Whether a rebuild has begun and not ended: its copy or change log may exist. */
  boolean isUnderway() {
    return phase.isUnderway();
  }

  /** Whether the swap has run: the table is the copy, and the old one is kept under {@link #old}. */
  boolean hasSwapped() {
    return phase.hasSwapped();
  }

  /** Whether {@code \rebuild} has something to take up: a copy underway, or FKs to validate after the swap. */
  boolean isUnfinished() {
    return isUnderway() || phase == RebuildPhase.SWAPPED;
  }

  RebuildState inPhase(RebuildPhase next) {
    return new RebuildState(next, copy, old, shape, columns, maxKey, afterKey, copied, estimate, validFks);
  }

  RebuildState copiedUpTo(String key, long rows) {
    return new RebuildState(phase, copy, old, shape, columns, maxKey, key, copied + rows, estimate, validFks);
  }

  RebuildState startingAt(String max) {
    return new RebuildState(RebuildPhase.COPYING, copy, old, shape, columns, max, afterKey, copied, estimate, validFks);
  }

  void save(Connection c) throws SQLException {
    ObjectNode d = MAPPER.createObjectNode().put("copy", copy).put("old", old).put("shape", shape).put("max_key", maxKey)
        .put("after_key", afterKey).put("copied", copied).put("estimate", estimate);
    columns.forEach(d.putArray("columns")::add);
    validFks.forEach(d.putArray("valid_fks")::add);
    Steps.record(c, STEP, phase.word(), d.toString());
  }
}
