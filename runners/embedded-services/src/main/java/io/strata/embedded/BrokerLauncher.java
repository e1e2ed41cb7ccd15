package io.strata.embedded;

import java.util.Arrays;

/**
 * Main class of the broker's JVM: runs Kafka, and stops it when the JVM that started it is gone,
 * even when that one was killed without running its shutdown hooks. It uses only the JDK, so it
 * runs beside the Kafka jars, and calls Kafka by reflection because those jars are not on this
 * module's classpath.
 */
final class BrokerLauncher {
  private BrokerLauncher() {}

  /** {@code args}: the main class to run, then its arguments. */
  public static void main(String[] args) throws Exception {
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          System.err.println("The JVM that started this broker is gone; stopping.");
                          System.exit(1);
                        }));
    Class.forName(args[0])
        .getMethod("main", String[].class)
        .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }
}
