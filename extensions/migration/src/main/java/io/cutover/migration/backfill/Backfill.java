package io.cutover.migration.backfill;

import io.cutover.migration.lock.AdvisoryLock;
import io.cutover.migration.lock.Durations;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.state.CutoverSchema;
import io.cutover.shell.spi.Cancellation;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Progress;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A backfill run: the rows that existed when it started (keys up to the maximum then; newer rows
 * are the dual-write's), walked in key-range batches by one worker per range, resumable from the
 * checkpoints after Ctrl-C, {@code \backfill pause}, a kill or a lost connection.
 */
final class Backfill {

  /** Advisory lock key of a running backfill, "cutbackf": one run per database at a time. */
  static final long LOCK = 0x6375_7462_6163_6b66L;
  private static final int MAX_LOCK_RETRIES_IN_A_ROW = 100;
  private static final int MAX_OVER_BOUND_UNSHRUNK = 3;

  /**
   * @param fixedBatch rows per batch, or empty to adapt toward {@code targetMs}
   * @param sleepMs pause between batches (throttling for replicas and the WAL archive)
   * @param maxLockMs the bound on a batch's row locks, enforced (see {@link BackfillBatch})
   */
  record Settings(Optional<Integer> fixedBatch, long targetMs, long sleepMs, int workers, boolean oneStatement,
      long maxLockMs) {
  }

  /** How a run ended and what it did. */
  record Summary(String state, long scanned, long updated, long batches, long longestLockMs, long millis) {
  }

  private final ActivePlan active;
  private final DataSource pool;
  private final Printer printer;
  private final Cancellation cancellation;
  private final Settings settings;
  private final BackfillSql sql;
  private final AtomicLong scanned = new AtomicLong();
  private final AtomicLong updated = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong longestLockMs = new AtomicLong();
  private final AtomicReference<String> throttle = new AtomicReference<>("");
  private volatile int currentBatch;

  Backfill(ActivePlan active, DataSource pool, Printer printer, Cancellation cancellation, Settings settings) {
    this.active = active;
    this.pool = pool;
    this.printer = printer;
    this.cancellation = cancellation;
    this.settings = settings;
    this.sql = new BackfillSql(active);
  }

  Summary run(boolean again) throws Exception {
    long start = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      if (!AdvisoryLock.tryLock(c, LOCK)) {
        throw new CommandException("a backfill of this database is already running (in another shell or in the background here)",
            "follow it with \\backfill status or \\progress; stop it with \\backfill pause");
      }
      try {
        CutoverSchema.ensure(c);
        List<Checkpoints.Range> ranges = Checkpoints.ranges(c);
        boolean finished = !ranges.isEmpty() && ranges.stream().allMatch(Checkpoints.Range::finished);
        long estimate;
        if (ranges.isEmpty() || (finished && again)) {
          estimate = estimate(c);
          ranges = plan(c, estimate);
          printer.info("Backfill of " + active.plan().table() + ": ~" + String.format(Locale.ROOT, "%,d", estimate)
              + " rows in " + ranges.size() + " key range" + (ranges.size() == 1 ? "" : "s") + ".");
        } else if (finished) {
          printer.info("The backfill of " + active.plan().table() + " is finished. \\progress --exact checks every row;"
              + " \\backfill --again walks the table once more.");
          return new Summary("finished", 0, 0, 0, 0, 0);
        } else {
          estimate = Checkpoints.run(c).map(Checkpoints.Run::estimatedRows).orElse(estimate(c));
          long done = ranges.stream().mapToLong(Checkpoints.Range::scanned).sum();
          printer.info(String.format(Locale.ROOT, "Resuming the backfill of %s from its checkpoints: %,d of ~%,d rows done.",
              active.plan().table(), done, estimate));
          Checkpoints.restart(c, estimate);
        }
        long before = ranges.stream().mapToLong(Checkpoints.Range::scanned).sum();
        String end = settings.oneStatement() ? whole(c, ranges) : work(ranges, estimate, before);
        Checkpoints.state(c, end);
        if (end.equals("finished")) {
          try (Statement st = c.createStatement()) {
            st.execute(sql.analyze());
          }
        }
        return new Summary(end, scanned.get(), updated.get(), batches.get(), longestLockMs.get(),
            (System.nanoTime() - start) / 1_000_000);
      } finally {
        AdvisoryLock.unlock(c, LOCK, "backfill", printer::warning);
      }
    }
  }

  /** Runs the unfinished ranges on the workers; returns finished, or paused when stopped early. */
  private String work(List<Checkpoints.Range> ranges, long estimate, long before) throws Exception {
    ConcurrentLinkedQueue<Checkpoints.Range> queue = new ConcurrentLinkedQueue<>(
        ranges.stream().filter(r -> !r.finished()).toList());
    int workers = Math.max(1, Math.min(settings.workers(), queue.size()));
    ExecutorService threads = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "cutover-backfill");
      t.setDaemon(true);
      return t;
    });
    long started = System.nanoTime();
    try (Progress progress = printer.progress("backfill " + active.plan().table(), estimate)) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        results.add(threads.submit(() -> {
          try (Connection c = pool.getConnection()) {
            for (Checkpoints.Range r = queue.poll(); r != null; r = queue.poll()) {
              if (!walk(c, r, () -> report(progress, before, estimate, started))) {
                return false;
              }
            }
            return true;
          }
        }));
      }
      boolean complete = true;
      for (Future<Boolean> f : results) {
        try {
          complete &= f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          // The worker's own error, as a user reads it, not the executor's wrapper.
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      return complete ? "finished" : "paused";
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * {@code --one-statement}: every range in one transaction, one UPDATE each: the set-based floor,
   * for small tables and maintenance windows. It holds its row locks until it ends.
   */
  private String whole(Connection c, List<Checkpoints.Range> ranges) throws SQLException {
    BackfillBatch batch = new BackfillBatch(sql, 0);
    for (Checkpoints.Range r : ranges) {
      if (!r.finished()) {
        BackfillBatch.Result result = batch.run(c, r, r.resumeAfter(), Integer.MAX_VALUE);
        scanned.addAndGet(result.scanned());
        updated.addAndGet(result.updated());
        batches.incrementAndGet();
        longestLockMs.accumulateAndGet(result.lockMs(), Math::max);
        Checkpoints.batchDone(c, result.lockMs());
        if (result.lastKey() == null || !result.lastKey().equals(r.max())) {
          Checkpoints.advance(c, r.number(), result.lastKey(), 0, 0, true);
        }
      }
    }
    return "finished";
  }

  /** Walks one range to its end; false when asked to stop first. */
  private boolean walk(Connection c, Checkpoints.Range range, Runnable report) throws Exception {
    BatchSizer sizer = settings.fixedBatch().map(BatchSizer::fixed).orElseGet(() -> BatchSizer.adaptive(settings.targetMs()));
    BackfillBatch batch = new BackfillBatch(sql, settings.maxLockMs());
    Optional<String> after = range.resumeAfter();
    int lockRetries = 0;
    int overBoundUnshrunk = 0;
    while (true) {
      if (cancellation.isCancelled() || pauseRequested(c)) {
        return false;
      }
      currentBatch = sizer.size();
      BackfillBatch.Result r;
      try {
        r = batch.run(c, range, after, sizer.size());
      } catch (java.sql.SQLException e) {
        longestLockMs.accumulateAndGet(batch.lastLockMs(), Math::max);
        if (BackfillBatch.isCancelled(e) && !cancellation.isCancelled()) {
          // Past --max-lock-ms: rolled back, nothing written; the same rows again, fewer at a time.
          Checkpoints.lockHeld(c, batch.lastLockMs());
          int tried = sizer.size();
          sizer.shrink();
          // It cannot get smaller (the smallest, or a fixed --batch-size): give up after a few tries.
          overBoundUnshrunk = sizer.size() == tried ? overBoundUnshrunk + 1 : 0;
          if (overBoundUnshrunk >= MAX_OVER_BOUND_UNSHRUNK) {
            throw new CommandException(String.format(Locale.ROOT, "a batch of %d rows held its row locks past"
                + " --max-lock-ms (%d ms) %d times in a row: every update of these rows of %s is slow (a trigger,"
                + " an overloaded server)", tried, settings.maxLockMs(), overBoundUnshrunk, active.plan().table()),
                "find what slows them, or raise --max-lock-ms" + (settings.fixedBatch().isPresent()
                    ? " or lower --batch-size" : "") + "; \\backfill resumes from the checkpoint");
          }
          throttle.set("a batch passed " + settings.maxLockMs() + " ms: retrying with " + sizer.size() + " rows");
          if (overBoundUnshrunk > 0) {
            // The same size again: give a busy server a moment before the next try.
            Thread.sleep(Math.min(2000, 100L * overBoundUnshrunk));
          }
          continue;
        }
        if (!BackfillBatch.isLockTimeout(e) || ++lockRetries > MAX_LOCK_RETRIES_IN_A_ROW) {
          throw e;
        }
        sizer.shrink();
        throttle.set("writers hold rows: retrying with " + sizer.size() + " rows");
        Thread.sleep(Math.min(2000, 50L * lockRetries));
        continue;
      }
      lockRetries = 0;
      overBoundUnshrunk = 0;
      if (r.lastKey() == null) {
        Checkpoints.advance(c, range.number(), after.orElse(null), 0, 0, true);
        return true;
      }
      after = Optional.of(r.lastKey());
      scanned.addAndGet(r.scanned());
      updated.addAndGet(r.updated());
      batches.incrementAndGet();
      longestLockMs.accumulateAndGet(r.lockMs(), Math::max);
      sizer.observe(r.scanned(), r.lockMs());
      Checkpoints.batchDone(c, r.lockMs());
      throttle.set(settings.sleepMs() > 0 ? "sleeping " + settings.sleepMs() + " ms between batches" : "");
      report.run();
      if (r.lastKey().equals(range.max())) {
        return true;
      }
      if (settings.sleepMs() > 0) {
        Thread.sleep(settings.sleepMs());
      }
    }
  }

  private synchronized void report(Progress progress, long before, long estimate, long started) {
    long done = before + scanned.get();
    double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
    double rate = scanned.get() / seconds;
    long left = Math.max(0, estimate - done);
    String eta = rate > 0 ? " ETA " + Durations.describe((long) (left / rate)) : "";
    String t = throttle.get();
    progress.update(done, String.format(Locale.ROOT, "%,.0f rows/s%s  batch %,d%s", rate, eta, currentBatch,
        t.isEmpty() ? "" : "  (" + t + ")"));
  }

  private static boolean pauseRequested(Connection c) throws SQLException {
    return Checkpoints.run(c).map(r -> r.state().equals("pause-requested")).orElse(false);
  }

  private long estimate(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BackfillSql.ESTIMATE)) {
      ps.setLong(1, active.table().oid());
      try (ResultSet rs = ps.executeQuery()) {
        long n = rs.next() ? rs.getLong(1) : 0;
        if (n > 0) {
          return n;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + active.qualifiedTable());
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Splits (min-1, max] into one range per worker for an integer key; one range otherwise. */
  private List<Checkpoints.Range> plan(Connection c, long estimate) throws SQLException {
    String min;
    String max;
    try (PreparedStatement ps = c.prepareStatement(sql.bounds()); ResultSet rs = ps.executeQuery()) {
      rs.next();
      min = rs.getString(1);
      max = rs.getString(2);
    }
    List<String[]> bounds = new ArrayList<>();
    if (max != null) {
      if (active.hasIntegerKey() && settings.workers() > 1) {
        BigInteger lo = new BigInteger(min).subtract(BigInteger.ONE);
        BigInteger hi = new BigInteger(max);
        BigInteger n = BigInteger.valueOf(settings.workers());
        BigInteger step = hi.subtract(lo).add(n).subtract(BigInteger.ONE).divide(n).max(BigInteger.ONE);
        for (BigInteger a = lo; a.compareTo(hi) < 0; a = a.add(step)) {
          bounds.add(new String[] {a.toString(), a.add(step).min(hi).toString()});
        }
      } else {
        bounds.add(new String[] {null, max});
      }
    }
    Checkpoints.create(c, bounds, estimate);
    return Checkpoints.ranges(c);
  }
}
