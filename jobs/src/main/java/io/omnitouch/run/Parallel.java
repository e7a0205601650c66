package io.omnitouch.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one way the pipeline runs independent Spark actions side by side (log loads, report queries):
 * Delta's commit latency and the driver's planning dominate small tables, so a few threads keep
 * both cores busy. A task's own exception is rethrown, never a wrapper.
 */
public final class Parallel {
  private Parallel() {}

  /** Runs every task on its own thread (at most {@code threads}) and returns results in order. */
  public static <T> List<T> all(int threads, List<? extends Callable<T>> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    try (Pool pool = pool(Math.min(threads, tasks.size()))) {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(await(f));
      }
      return results;
    }
  }

  /**
   * A pool for tasks of different result types (the report's sections): submit, {@link #await} each
   * future, and close it (try-with-resources) to stop what is left after a failure.
   */
  public static Pool pool(int threads) {
    return new Pool(Executors.newFixedThreadPool(Math.max(1, threads)));
  }

  /** See {@link #pool(int)}. */
  public static final class Pool implements AutoCloseable {
    private final ExecutorService executor;

    private Pool(ExecutorService executor) {
      this.executor = executor;
    }

    public <T> Future<T> submit(Callable<T> task) {
      return executor.submit(task);
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /** The result of a parallel task, with its own exception (not a wrapper) when it failed. */
  public static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
