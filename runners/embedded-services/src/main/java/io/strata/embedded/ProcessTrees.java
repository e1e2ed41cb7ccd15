package io.strata.embedded;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Stops a child process together with everything it forked, with bounded waits. */
final class ProcessTrees {
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private ProcessTrees() {}

  /**
   * Asks the root's children to stop (the root itself when it has none), waits up to {@code grace}
   * for the whole tree, then kills whatever is left. Children go first because a server such as
   * gunicorn's master stops its own workers without respawning them, and a parent that outlives its
   * children reaps them instead of leaving orphans behind.
   */
  static void stop(Process process, Duration grace) {
    ProcessHandle root = process.toHandle();
    List<ProcessHandle> tree = withDescendants(Stream.of(root));
    List<ProcessHandle> children = root.children().collect(Collectors.toList());
    (children.isEmpty() ? List.of(root) : children).forEach(ProcessHandle::destroy);
    if (awaitExit(tree, grace)) {
      return;
    }
    List<ProcessHandle> left = withDescendants(tree.stream().filter(ProcessHandle::isAlive));
    left.forEach(ProcessHandle::destroyForcibly);
    if (!awaitExit(left, KILL_WAIT)) {
      throw new IllegalStateException(
          "processes still running after SIGKILL: "
              + left.stream()
                  .filter(ProcessHandle::isAlive)
                  .map(h -> Long.toString(h.pid()))
                  .collect(Collectors.joining(", ")));
    }
  }

  static List<ProcessHandle> withDescendants(Stream<ProcessHandle> roots) {
    return roots
        .flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
        .distinct()
        .collect(Collectors.toList());
  }

  /** True when every process exited within {@code timeout}. */
  private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle h : processes) {
      try {
        h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException("could not wait for process " + h.pid(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
