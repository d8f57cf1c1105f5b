package io.cutover.migration.backfill;

import io.cutover.migration.dualwrite.DualWriteState;
import io.cutover.migration.lock.AdvisoryLock;
import io.cutover.migration.lock.Blockers;
import io.cutover.migration.lock.Durations;
import io.cutover.migration.lock.WaitStatus;
import io.cutover.migration.lock.WaitWatch;
import io.cutover.migration.pacing.Budgets;
import io.cutover.migration.pacing.Pacer;
import io.cutover.migration.pacing.ThrottleLog;
import io.cutover.migration.pacing.Workforce;
import io.cutover.migration.plan.ActivePlan;
import io.cutover.migration.plan.PlanTable;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A backfill run: the rows that existed when it started (keys up to the maximum then; newer rows
 * are the dual-write's), walked in key-range batches by one worker per range, resumable from the
 * checkpoints after Ctrl-C, {@code \backfill pause}, a kill or a lost connection.
 */
final class Backfill {

  /** Advisory lock purpose of a running backfill, "cutbackf": one run per plan at a time. */
  private static final long LOCK = 0x6375_7462_6163_6b66L;
  /** Between two tries of the rows gone around while the range is walked on. */
  private static final long AGAIN_EVERY_NANOS = 1_000_000_000L;
  /** Between two looks at the dual-write state. */
  private static final long DUAL_WRITE_EVERY_NANOS = 1_000_000_000L;
  /** Tries of a batch that cannot shrink, paused 0.2, 0.4, ... 3.2 s apart: about 6 s for a busy server to recover. */
  private static final int MAX_OVER_BOUND_UNSHRUNK = 6;

  /**
   * @param fixedBatch rows per batch, or empty to adapt toward {@code targetMs}
   * @param sleepMs pause between batches (throttling for replicas and the WAL archive)
   * @param workers the most workers ({@code --workers N}), or empty for what the server's cores allow ({@link Workforce})
   * @param maxLockMs the bound on a batch's row locks, enforced (see {@link BackfillBatch})
   */
  record Settings(Optional<Integer> fixedBatch, long targetMs, long sleepMs, Optional<Integer> workers, boolean oneStatement,
      long maxLockMs, Budgets budgets) {
  }

  /** How a run ended and what it did, and how much the server's health held it back. */
  record Summary(BackfillState state, long scanned, long updated, long batches, LockHolds holds, Workforce workers,
      long millis, Pacer.Summary pacing) {
  }

  private final ActivePlan active;
  private final PlanTable plan;
  private final DataSource pool;
  private final Printer printer;
  private final Cancellation cancellation;
  private final Settings settings;
  private final BackfillSql sql;
  private final AtomicLong scanned = new AtomicLong();
  private final AtomicLong updated = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final LockHolds holds;
  private final AtomicReference<String> throttle = new AtomicReference<>("");
  /** What a worker waits for now, from the monitor; shown before the throttle. */
  private final AtomicReference<String> waiting = new AtomicReference<>("");
  private volatile int currentBatch;
  private final Pacer pacer;
  /** The server's cores, when the role may read them. */
  private Optional<Integer> cores = Optional.empty();
  /** Decided when the run starts, from the server's cores; read by the status line's thread. */
  private volatile Workforce workforce = Workforce.fixed(1);

  Backfill(ActivePlan active, DataSource pool, Printer printer, Cancellation cancellation, Settings settings) {
    this.active = active;
    this.plan = active.target();
    this.pool = pool;
    this.printer = printer;
    this.cancellation = cancellation;
    this.settings = settings;
    this.sql = new BackfillSql(active);
    this.pacer = new Pacer(settings.budgets(), active.table().oid(), Optional.of(log(plan)));
    this.holds = new LockHolds(settings.oneStatement() ? 0 : settings.maxLockMs());
  }

  /** Where a plan's backfill keeps why it is paused or slowed. */
  static ThrottleLog log(PlanTable plan) {
    return new ThrottleLog(plan.key(), "backfill");
  }

  /** How a run begins: from the checkpoints, over again after a finished run, or from scratch whatever they say. */
  enum Start {
    RESUME,
    /** {@code --again}: a finished backfill walks the table once more (an unfinished one resumes). */
    AGAIN,
    /** {@code --restart}: forgets the checkpoints (safe: rows already right are only read). */
    RESTART
  }

  /** The pauses before the first {@code tries} tries of a batch that cannot shrink, together. */
  private static long backoffMs(int tries) {
    long ms = 0;
    for (int i = 1; i < tries; i++) {
      ms += 100L << i;
    }
    return ms;
  }

  /** The advisory lock key of {@code plan}'s backfill. */
  static long lock(PlanTable plan) {
    return plan.lockKey(LOCK);
  }

  Summary run(Start start) throws Exception {
    long startNanos = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      if (!AdvisoryLock.tryLock(c, lock(plan))) {
        throw new CommandException("a backfill of " + plan + " is already running (in another shell or in the background here)",
            "follow it with \\backfill status or \\progress; stop it with \\backfill pause");
      }
      try {
        CutoverSchema.ensure(c);
        cores = Workforce.serverCores(c);
        workforce = settings.oneStatement() ? Workforce.fixed(1) : Workforce.forCores(cores, settings.workers());
        List<Checkpoints.Range> ranges = Checkpoints.ranges(c, plan);
        boolean finished = !ranges.isEmpty() && ranges.stream().allMatch(Checkpoints.Range::finished);
        long estimate;
        if (start == Start.RESTART && !ranges.isEmpty()) {
          printer.info("Restarting the backfill of " + active.plan().table() + ": its checkpoints are forgotten;"
              + " rows already right are only read.");
        }
        if (ranges.isEmpty() || (finished && start == Start.AGAIN) || start == Start.RESTART) {
          estimate = estimate(c);
          ranges = plan(c, estimate);
          printer.info("Backfill of " + active.plan().table() + ": ~" + String.format(Locale.ROOT, "%,d", estimate)
              + " rows in " + ranges.size() + " key range" + (ranges.size() == 1 ? "" : "s") + ".");
        } else if (finished) {
          printer.info("The backfill of " + active.plan().table() + " is finished. \\progress --exact checks every row;"
              + " \\backfill --again walks the table once more.");
          return new Summary(BackfillState.FINISHED, 0, 0, 0, holds, workforce, 0, pacer.summary());
        } else {
          checkKeys(c);
          estimate = Checkpoints.run(c, plan).map(Checkpoints.Run::estimatedRows).orElse(estimate(c));
          long done = ranges.stream().mapToLong(Checkpoints.Range::scanned).sum();
          printer.info(String.format(Locale.ROOT, "Resuming the backfill of %s from its checkpoints: %,d of ~%,d rows done.",
              active.plan().table(), done, estimate));
          Checkpoints.restart(c, plan, estimate);
        }
        long before = ranges.stream().mapToLong(Checkpoints.Range::scanned).sum();
        BackfillState end;
        try {
          end = work(ranges, estimate, before);
        } catch (DualWriteOff e) {
          Checkpoints.forget(c, plan);
          throw e;
        } finally {
          pacer.finish(c);
        }
        Checkpoints.state(c, plan, end);
        if (end == BackfillState.FINISHED) {
          // ANALYZE waits behind a VACUUM, another ANALYZE or a VALIDATE: not in silence.
          try (Connection monitor = pool.getConnection()) {
            WaitStatus.around(c, monitor, printer, "analyze " + active.plan().table(), () -> {
              try (Statement st = c.createStatement()) {
                return st.execute(sql.analyze());
              }
            });
          }
        }
        return new Summary(end, scanned.get(), updated.get(), batches.get(), holds, workforce,
            (System.nanoTime() - startNanos) / 1_000_000, pacer.summary());
      } finally {
        AdvisoryLock.unlock(c, lock(plan), "backfill", printer::warning);
      }
    }
  }

  /**
   * Runs the unfinished ranges on the workers; returns finished, or paused when stopped early. A
   * monitor connection watches the workers: while one waits for a lock, the status line names
   * the session it waits for.
   */
  private BackfillState work(List<Checkpoints.Range> ranges, long estimate, long before) throws Exception {
    ConcurrentLinkedQueue<Checkpoints.Range> queue = new ConcurrentLinkedQueue<>(
        ranges.stream().filter(r -> !r.finished()).toList());
    if (queue.size() < workforce.max()) {
      // Fewer ranges left than workers (a resumed run, a key without arithmetic): no more workers than ranges.
      workforce = Workforce.forCores(cores, Optional.of(Math.max(1, queue.size())));
    }
    int workers = workforce.max();
    ExecutorService threads = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "cutover-backfill");
      t.setDaemon(true);
      return t;
    });
    long started = System.nanoTime();
    Set<Integer> waiters = ConcurrentHashMap.newKeySet();
    AtomicBoolean stopping = new AtomicBoolean();
    try (Progress progress = printer.progress("backfill " + active.plan().table(), estimate);
         Connection monitor = pool.getConnection();
         WaitWatch watch = new WaitWatch(monitor, () -> waiters.stream().mapToInt(Integer::intValue).toArray(), b -> {
           String was = waiting.getAndSet(b.map(x -> "waiting for a lock held by " + x.describe()).orElse(""));
           if (b.isPresent() || !was.isEmpty()) {
             report(progress, before, estimate, started);
           }
         })) {
      // A resumed run starts where its checkpoints are, not at 0.
      report(progress, before, estimate, started);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        results.add(threads.submit(() -> {
          try (Connection c = pool.getConnection()) {
            waiters.add(Blockers.pid(c));
            try {
              if (!workforce.enter(() -> cancellation.isCancelled() || stopping.get() || pauseRequested(c))) {
                return false;
              }
              for (Checkpoints.Range r = queue.poll(); r != null; r = queue.poll()) {
                if (!new RangeWalk(c, r, stopping, () -> report(progress, before, estimate, started)).walk()) {
                  return false;
                }
              }
              return true;
            } finally {
              workforce.leave();
            }
          } catch (Exception e) {
            stopping.set(true);
            throw e;
          }
        }));
      }
      boolean complete = true;
      Exception first = null;
      for (Future<Boolean> f : results) {
        try {
          complete &= f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          // The worker's own error, as a user reads it, not the executor's wrapper; the others stop first.
          first = first != null ? first : e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      if (first != null) {
        throw first;
      }
      return complete ? BackfillState.FINISHED : BackfillState.PAUSED;
    } finally {
      threads.shutdownNow();
    }
  }

  /** Refused to go on: dual-write went off during the run (the run forgets its checkpoints, see {@link RangeWalk}). */
  private static final class DualWriteOff extends CommandException {
    DualWriteOff(String table) {
      super("stopped: dual-write was turned off for " + table + " while the backfill ran; rows written since have no FK"
          + " or a stale one, anywhere in the table, so the backfill's checkpoints no longer hold and are forgotten",
          "run \\dualwrite on, then \\backfill again: it walks the whole table (rows already right are only read)");
    }
  }

  /**
   * One range walked to its end by one worker. Batches take the next rows after a cursor and go
   * around the rows writers hold; those keys are pending, tried again now and then while the walk
   * goes on, and once the range is scanned, waited for one at a time (holding nothing). The
   * checkpoint stays before the first pending key, so a resume after a kill does them too.
   */
  private final class RangeWalk {

    private final Connection c;
    private final Checkpoints.Range range;
    private final AtomicBoolean stopping;
    private final Runnable report;
    private final BatchSizer sizer;
    private final BackfillBatch batch;
    private final List<String> pending = new ArrayList<>();
    private Optional<String> cursor;
    private Optional<String> checkpoint;
    private boolean reachedEnd;
    private long nextAgain;
    private long nextDualWriteLook;

    RangeWalk(Connection c, Checkpoints.Range range, AtomicBoolean stopping, Runnable report) {
      this.c = c;
      this.range = range;
      this.stopping = stopping;
      this.report = report;
      this.sizer = settings.oneStatement() ? BatchSizer.fixed(Integer.MAX_VALUE)
          : settings.fixedBatch().map(BatchSizer::fixed).orElseGet(() -> BatchSizer.adaptive(settings.targetMs()));
      this.batch = new BackfillBatch(sql, plan, settings.oneStatement() ? 0 : settings.maxLockMs());
      this.cursor = range.resumeAfter();
      this.checkpoint = cursor;
    }

    /** False when asked to stop first (Ctrl-C, {@code \backfill pause}, another worker's error). */
    boolean walk() throws Exception {
      int overBoundUnshrunk = 0;
      int lockWaits = 0;
      while (true) {
        if (cancellation.isCancelled() || stopping.get() || pauseRequested(c)) {
          return false;
        }
        lookAtDualWrite();
        BackfillBatch.Rows rows;
        if (!reachedEnd && (pending.isEmpty() || System.nanoTime() < nextAgain)) {
          rows = new BackfillBatch.Next(cursor, sizer.size());
        } else {
          // Only held rows are left: wait for the first, holding nothing (the monitor names its holder).
          if (reachedEnd && !batch.waitForRow(c, pending.get(0))) {
            continue;
          }
          rows = new BackfillBatch.Again(List.copyOf(pending.subList(0, Math.min(pending.size(), sizer.size()))));
          nextAgain = System.nanoTime() + AGAIN_EVERY_NANOS;
        }
        currentBatch = sizer.size();
        BackfillBatch.Result r;
        try {
          r = batch.run(c, range, rows, (upto, skipped) -> checkpointAfter(rows, upto, skipped));
        } catch (SQLException e) {
          holds.add(batch.lastHold());
          if (BackfillBatch.isCancelled(e) && !cancellation.isCancelled()) {
            // Past --max-lock-ms: rolled back, nothing written; the same rows again, fewer at a time.
            Checkpoints.lockHeld(c, plan, batch.lastHold().totalMs());
            int tried = sizer.size();
            sizer.shrink();
            // It cannot get smaller (one row, or a fixed --batch-size): the same batch again after a growing pause
            // (an overloaded server recovers), and given up only when it stays over the bound.
            overBoundUnshrunk = sizer.size() == tried ? overBoundUnshrunk + 1 : 0;
            if (overBoundUnshrunk >= MAX_OVER_BOUND_UNSHRUNK) {
              throw new CommandException(String.format(Locale.ROOT, "a batch of %d row%s held its row locks past"
                  + " --max-lock-ms (%d ms) %d times in a row, over %d s: every update of these rows of %s is slow (a"
                  + " trigger, an overloaded server)", tried, tried == 1 ? "" : "s", settings.maxLockMs(),
                  overBoundUnshrunk, backoffMs(overBoundUnshrunk) / 1000, active.plan().table()),
                  "find what slows them, or raise --max-lock-ms" + (settings.fixedBatch().isPresent()
                      ? " or lower --batch-size" : "") + "; \\backfill resumes from the checkpoint");
            }
            throttle.set("a batch passed " + settings.maxLockMs() + " ms: retrying with " + sizer.size() + " rows"
                + (overBoundUnshrunk > 0 ? " after a pause (the server is slow)" : ""));
            if (overBoundUnshrunk > 0) {
              Thread.sleep(100L << overBoundUnshrunk);
            }
            continue;
          }
          if (!BackfillBatch.isLockTimeout(e)) {
            throw e;
          }
          // A table lock (DDL, LOCK TABLE): not the batch's size; wait and try again, the monitor names the holder.
          throttle.set("waiting for a table lock");
          Thread.sleep(Math.min(2000, 50L * ++lockWaits));
          continue;
        }
        lockWaits = 0;
        overBoundUnshrunk = 0;
        holds.add(r.hold());
        if (rows instanceof BackfillBatch.Again again) {
          List<String> rest = new ArrayList<>(r.skipped());
          rest.addAll(pending.subList(again.keys().size(), pending.size()));
          pending.clear();
          pending.addAll(rest);
        } else if (r.lastKey().isEmpty()) {
          // Nothing left after the cursor (the last rows were deleted meanwhile).
          reachedEnd = true;
          if (pending.isEmpty()) {
            Checkpoints.advance(c, plan, range.number(), cursor.orElse(null), 0, 0, true);
            return true;
          }
          continue;
        } else {
          cursor = r.lastKey();
          reachedEnd = r.lastKey().get().equals(range.max());
          pending.addAll(r.skipped());
          sizer.observe(r.scanned(), r.hold().totalMs());
          if (r.hold().totalMs() > settings.maxLockMs() && !settings.oneStatement()) {
            // Committed past the bound (a late commit or cancel): the next batch half, whatever the average says.
            sizer.shrink();
          }
        }
        if (pending.isEmpty()) {
          checkpoint = cursor;
        }
        count(r);
        throttle.set(!pending.isEmpty() ? String.format(Locale.ROOT, "%,d rows held by writers: gone around, %s",
            pending.size(), reachedEnd ? "waiting for them" : "coming back for them")
            : settings.sleepMs() > 0 ? "sleeping " + settings.sleepMs() + " ms between batches" : "");
        report.run();
        if (reachedEnd && pending.isEmpty()) {
          return true;
        }
        if (settings.sleepMs() > 0) {
          Thread.sleep(settings.sleepMs());
        }
        // Every worker, between every two batches: the status line follows the pause while it lasts, and the
        // workers are shed as soon as a signal rises, not only once it is back under its budget.
        Pacer.Stop stop = () -> {
          workforce.adjust(pacer.look(c), holds.overBound());
          report.run();
          return cancellation.isCancelled() || stopping.get() || pauseRequested(c);
        };
        if (!pacer.between(c, r.hold().totalMs(), stop)) {
          return false;
        }
        workforce.adjust(pacer.look(c), holds.overBound());
        if (!workforce.stay(stop)) {
          return false;
        }
      }
    }

    /** The checkpoint a batch commits: past its rows only when nothing before them is pending. */
    private BackfillBatch.Checkpoint checkpointAfter(BackfillBatch.Rows rows, Optional<String> upto, List<String> skipped) {
      boolean clear = skipped.isEmpty() && (rows instanceof BackfillBatch.Again again
          ? again.keys().size() == pending.size() : pending.isEmpty());
      if (!clear) {
        return new BackfillBatch.Checkpoint(checkpoint, false);
      }
      Optional<String> done = upto.or(() -> cursor);
      return new BackfillBatch.Checkpoint(done, rows instanceof BackfillBatch.Again ? reachedEnd
          : done.map(range.max()::equals).orElse(false));
    }

    private void count(BackfillBatch.Result r) throws SQLException {
      scanned.addAndGet(r.scanned());
      updated.addAndGet(r.updated());
      batches.incrementAndGet();
      // A commit of its own, synchronous as the application's are (the batch's is not): its latency is theirs.
      long start = System.nanoTime();
      Checkpoints.batchDone(c, plan, r.hold().totalMs());
      pacer.observeCommit((System.nanoTime() - start) / 1_000_000);
    }

    /** Rows written while dual-write is off get no FK: the backfill cannot finish right, so it stops and says so. */
    private void lookAtDualWrite() throws SQLException, CommandException {
      if (System.nanoTime() < nextDualWriteLook) {
        return;
      }
      nextDualWriteLook = System.nanoTime() + DUAL_WRITE_EVERY_NANOS;
      if (!DualWriteState.read(c, active).isOn()) {
        throw new DualWriteOff(active.plan().table());
      }
    }
  }

  private synchronized void report(Progress progress, long before, long estimate, long started) {
    long done = before + scanned.get();
    double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
    double rate = scanned.get() / seconds;
    long left = Math.max(0, estimate - done);
    String eta = rate > 0 ? " ETA " + Durations.describe((long) (left / rate)) : "";
    String t = java.util.stream.Stream.of(workforce.max() > 1 ? workforce.status() : "", pacer.status(),
            waiting.get().isEmpty() ? throttle.get() : waiting.get(), holds.status())
        .filter(x -> !x.isEmpty()).collect(java.util.stream.Collectors.joining("; "));
    progress.update(done, String.format(Locale.ROOT, "%,.0f rows/s%s  batch %,d%s", rate, eta, currentBatch,
        t.isEmpty() ? "" : "  (" + t + ")"));
  }

  private boolean pauseRequested(Connection c) throws SQLException {
    return Checkpoints.run(c, plan).map(r -> r.state() == BackfillState.PAUSE_REQUESTED).orElse(false);
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

  /**
   * Splits the keys into one range per worker for an integer key; one range otherwise (uuid and
   * text keys have no arithmetic to split by). The first range starts at the start, not after
   * min-1, which does not exist below the smallest key of its type; every bound is a key between
   * min and max, so it fits the type. Arithmetic in BigInteger: max-min overflows a bigint.
   */
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
      String after = null;
      if (active.hasIntegerKey() && workforce.max() > 1) {
        BigInteger lo = new BigInteger(min);
        BigInteger hi = new BigInteger(max);
        BigInteger n = BigInteger.valueOf(workforce.max());
        BigInteger step = hi.subtract(lo).add(n).divide(n).max(BigInteger.ONE); // ceil((hi - lo + 1) / n)
        for (BigInteger upto = lo.add(step).subtract(BigInteger.ONE); upto.compareTo(hi) < 0; upto = upto.add(step)) {
          bounds.add(new String[] {after, upto.toString()});
          after = upto.toString();
        }
      }
      bounds.add(new String[] {after, max});
    }
    Checkpoints.create(c, plan, bounds, estimate);
    return Checkpoints.ranges(c, plan);
  }

  /**
   * Every stored key must be a key of the table's type: a checkpoint written by an older cutover
   * (min-1 below the smallest integer) or by hand would fail every batch. Says so, and the way out.
   */
  private void checkKeys(Connection c) throws SQLException, CommandException {
    try (PreparedStatement ps = c.prepareStatement(sql.checkpointKeys())) {
      ps.setString(1, plan.key());
      ps.executeQuery().close();
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) {
        throw e;
      }
      throw new CommandException("the backfill's checkpoints (cutover.backfill_ranges) hold a key that does not fit "
          + active.plan().table() + "." + active.plan().key() + " (" + active.keyType() + "): " + serverMessage(e),
          "run \\backfill --restart: it forgets the checkpoints and walks the table from the start (safe: rows"
              + " already right are only read)");
    }
  }

  private static String serverMessage(SQLException e) {
    return e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
        ? p.getServerErrorMessage().getMessage() : e.getMessage();
  }
}
