package io.strata.pipelines;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C or SIGTERM for a streaming run: the JVM's shutdown waits (up to a grace period) until the
 * window in progress has finished, so the run stops between windows with every write done.
 */
final class StopSignal {
  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private StopSignal(Duration grace) {
    hook =
        new Thread(
            () -> {
              requested.set(true);
              try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "strata-streaming-stop");
  }

  static StopSignal onShutdown(Duration grace) {
    StopSignal s = new StopSignal(grace);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  boolean requested() {
    return requested.get();
  }

  /** Asks the run to stop after its current window, as a signal would. */
  void request() {
    requested.set(true);
  }

  /** Sleeps until {@code until} (System.nanoTime) or a stop request, whichever is first. */
  void sleepUntil(long until) throws InterruptedException {
    while (!requested() && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(
          Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  /** The run has stopped: let the JVM's shutdown go on. */
  void finished() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running and now returns.
    }
  }
}
