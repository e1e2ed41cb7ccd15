package io.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One process of the bench run to its end and watched on the way: its wall time from start to exit
 * (the JVM's start included, as a user runs it), its peak resident memory, and its exit code.
 *
 * @param exit the exit code, or -1 when it was killed for running past its time
 */
record WatchedProcess(int exit, double seconds, long peakRssBytes) {
  boolean ok() {
    return exit == 0;
  }

  /** Starts {@code pb} with its output in {@code log}, and polls its memory until it exits. */
  static WatchedProcess run(ProcessBuilder pb, Path log, Duration timeout)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long peakKb = 0;
    while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
      peakKb = Math.max(peakKb, highWaterMarkKb(p.pid()));
      if (System.nanoTime() - start > timeout.toNanos()) {
        p.destroyForcibly();
        p.waitFor();
        return new WatchedProcess(-1, (System.nanoTime() - start) / 1e9, peakKb * 1024);
      }
    }
    return new WatchedProcess(p.exitValue(), (System.nanoTime() - start) / 1e9, peakKb * 1024);
  }

  /** VmHWM of a live process, from /proc; 0 where there is none (not Linux, or it just exited). */
  private static long highWaterMarkKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // The process is gone between two polls: the last reading stands.
    }
    return 0;
  }
}
