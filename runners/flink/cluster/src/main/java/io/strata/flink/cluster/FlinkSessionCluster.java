package io.strata.flink.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink 1.19 session cluster on this machine: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}, with the web UI) and a TaskManager ({@code
 * TaskManagerRunner}), each its own JVM, run from the Flink jars Maven resolved for this module (no
 * flink-dist). Configuration, logs and process ids live in one folder; {@link #close()} stops both.
 *
 * <p>{@link #killTaskManager()} (SIGKILL) and {@link #startTaskManager()} let a test crash the
 * worker mid-job and give the JobManager a new one. The same operations are a command line: {@code
 * start}, {@code stop}, {@code kill-taskmanager}, {@code start-taskmanager}, {@code status} (see
 * {@link #main}).
 */
public final class FlinkSessionCluster implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "flink-cluster.classpath";
  private static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_MAIN =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String RESOURCE_UTIL_MAIN =
      "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String EXEC_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

  /**
   * What flink-dist's config.yaml passes every Flink JVM: Flink 1.19 on JDK 17 reflects into these
   * modules.
   */
  private static final List<String> JDK17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Settings settings;
  private final String classpath;
  private int taskManagers;

  /** Ports, memory and slots; a port of 0 means a free one is picked at start. */
  public record Settings(
      int restPort, int rpcPort, int slots, String jobManagerMemory, String taskManagerMemory) {
    public static Settings defaults() {
      return new Settings(0, 0, 2, "768m", "1600m");
    }

    public Settings withRestPort(int port) {
      return new Settings(port, rpcPort, slots, jobManagerMemory, taskManagerMemory);
    }
  }

  private FlinkSessionCluster(Path dir, Settings settings) {
    this.dir = dir.toAbsolutePath().normalize();
    this.settings = settings;
    this.classpath = clusterClasspath();
  }

  /**
   * Writes the configuration under {@code dir}, starts the JobManager and one TaskManager and waits
   * until the TaskManager's slots are registered.
   */
  public static FlinkSessionCluster start(Path dir, Settings settings) {
    Settings resolved =
        new Settings(
            portOrFree(settings.restPort()),
            portOrFree(settings.rpcPort()),
            settings.slots(),
            settings.jobManagerMemory(),
            settings.taskManagerMemory());
    FlinkSessionCluster cluster = new FlinkSessionCluster(dir, resolved);
    try {
      cluster.writeConfiguration();
      cluster.startJobManager();
      cluster.startTaskManager();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Stops the cluster when this JVM exits, however it exits short of SIGKILL: for tests, whose
   * cluster must not outlive them. The command line's {@code start} leaves it running on purpose.
   */
  public FlinkSessionCluster stopOnExit() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-flink-session-cluster"));
    return this;
  }

  /** The cluster whose processes a former {@link #start} left running in {@code dir}. */
  public static FlinkSessionCluster attach(Path dir) {
    Path conf = dir.resolve("conf").resolve("config.yaml");
    if (!Files.isRegularFile(conf)) {
      throw new IllegalStateException(
          "no Flink session cluster was started in " + dir.toAbsolutePath());
    }
    try {
      String text = Files.readString(conf);
      return new FlinkSessionCluster(
          dir,
          new Settings(
              intSetting(text, "rest.port"),
              intSetting(text, "jobmanager.rpc.port"),
              intSetting(text, "taskmanager.numberOfTaskSlots"),
              stringSetting(text, "jobmanager.memory.process.size"),
              stringSetting(text, "taskmanager.memory.process.size")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What {@code --flinkMaster} takes: the JobManager's REST address. */
  public String master() {
    return "localhost:" + settings.restPort();
  }

  /** The Flink web UI. */
  public String webUiUrl() {
    return "http://localhost:" + settings.restPort() + "/";
  }

  public Path dir() {
    return dir;
  }

  public Path logDir() {
    return dir.resolve("log");
  }

  /** Every TaskManager's log, the replaced ones' included, one after another. */
  public String taskManagerLogs() {
    StringBuilder all = new StringBuilder();
    try (var logs = Files.list(logDir())) {
      for (Path log :
          logs.filter(f -> f.getFileName().toString().matches("taskmanager-\\d+\\.log")).toList()) {
        all.append(Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the TaskManager logs in " + logDir(), e);
    }
    return all.toString();
  }

  /** Starts one more TaskManager and waits until its slots are registered with the JobManager. */
  public void startTaskManager() {
    // By id, not by count: a killed TaskManager may be dropped just as its replacement registers.
    Set<String> before = taskManagerIds();
    taskManagers++;
    String name = "taskmanager-" + taskManagers;
    List<String> command =
        javaCommand(name, resourceParams("GET_TM_RESOURCE_PARAMS"), TASK_MANAGER_MAIN);
    spawn(name, command);
    waitUntil(() -> !before.containsAll(taskManagerIds()), "TaskManager " + name + " to register");
  }

  /**
   * Kills every running TaskManager with SIGKILL, as a crashed machine would, and waits until it is
   * gone. The JobManager notices by heartbeat timeout; {@link #startTaskManager()} gives it a new
   * one.
   */
  public void killTaskManager() {
    for (ProcessHandle tm : running("taskmanager-")) {
      tm.destroyForcibly();
      tm.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }
    running("taskmanager-");
  }

  /** Stops the TaskManagers, then the JobManager (SIGTERM, SIGKILL after a bounded wait). */
  @Override
  public void close() {
    for (ProcessHandle p : running("taskmanager-")) {
      stop(p);
    }
    for (ProcessHandle p : running("jobmanager")) {
      stop(p);
    }
    // Once more: the pid files of stopped processes are removed.
    running("");
  }

  /** A short human summary: web UI, TaskManagers and slots as the JobManager reports them. */
  public String status() {
    Optional<String> overview = overview();
    return overview
        .map(
            o ->
                "Flink session cluster: web UI "
                    + webUiUrl()
                    + ", --flinkMaster="
                    + master()
                    + ", "
                    + o)
        .orElse("Flink session cluster in " + dir + ": JobManager not answering on " + webUiUrl());
  }

  private void writeConfiguration() {
    try {
      Files.createDirectories(dir.resolve("conf"));
      Files.createDirectories(logDir());
      Files.createDirectories(dir.resolve("tmp"));
      String config =
          String.join(
              "\n",
              "jobmanager.rpc.address: localhost",
              "jobmanager.bind-host: localhost",
              "jobmanager.rpc.port: " + settings.rpcPort(),
              "jobmanager.memory.process.size: " + settings.jobManagerMemory(),
              "taskmanager.host: localhost",
              "taskmanager.bind-host: localhost",
              "taskmanager.numberOfTaskSlots: " + settings.slots(),
              "taskmanager.memory.process.size: " + settings.taskManagerMemory(),
              "rest.address: localhost",
              "rest.bind-address: localhost",
              "rest.port: " + settings.restPort(),
              "parallelism.default: " + settings.slots(),
              // Each job loads the job jar into a class loader of its own, released when the job
              // ends; a stream's
              // unbounded job and a window's batch job run side by side, each with tens of MB of
              // classes.
              "taskmanager.memory.jvm-metaspace.size: 640m",
              // A killed TaskManager is declared lost after this, so a replacement takes over
              // quickly.
              "heartbeat.timeout: 15000",
              // Checkpoints (of streaming jobs run with --checkpointingInterval) go to files, not
              // the JobManager's heap.
              "state.checkpoints.dir: " + dir.resolve("checkpoints").toUri(),
              "io.tmp.dirs: " + dir.resolve("tmp"),
              "web.tmpdir: " + dir.resolve("tmp"),
              "blob.storage.directory: " + dir.resolve("tmp"),
              "");
      Files.writeString(dir.resolve("conf").resolve("config.yaml"), config);
      try (InputStream log4j = FlinkSessionCluster.class.getResourceAsStream("log4j2.properties")) {
        Files.write(dir.resolve("conf").resolve("log4j.properties"), log4j.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Flink configuration under " + dir, e);
    }
  }

  private void startJobManager() {
    List<String> command =
        javaCommand("jobmanager", resourceParams("GET_JM_RESOURCE_PARAMS"), JOB_MANAGER_MAIN);
    spawn("jobmanager", command);
    waitUntil(() -> overview().isPresent(), "the JobManager's REST endpoint on " + webUiUrl());
  }

  /**
   * JVM flags and dynamic properties, as {@code bin/taskmanager.sh} and {@code jobmanager.sh}
   * compute them.
   */
  private ResourceParams resourceParams(String which) {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-Xmx128m",
                "-cp",
                classpath,
                RESOURCE_UTIL_MAIN,
                which,
                "--configDir",
                dir.resolve("conf").toString()));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(which + " failed: " + out);
      }
      List<String> results =
          out.lines()
              .filter(l -> l.startsWith(EXEC_RESULT))
              .map(l -> l.substring(EXEC_RESULT.length()))
              .toList();
      if (results.size() < 2) {
        throw new IllegalStateException(which + " printed no resource parameters: " + out);
      }
      return new ResourceParams(
          split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing " + which, e);
    }
  }

  private record ResourceParams(List<String> jvmArgs, List<String> dynamicProperties) {}

  private List<String> javaCommand(String name, ResourceParams params, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(params.jvmArgs());
    command.addAll(JDK17_OPENS);
    command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    command.add("-Dlog.file=" + logDir().resolve(name + ".log"));
    command.add(
        "-Dlog4j.configurationFile=" + dir.resolve("conf").resolve("log4j.properties").toUri());
    command.add("-Dstrata.flink.process=" + dir + "/" + name);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.add("--configDir");
    command.add(dir.resolve("conf").toString());
    command.addAll(params.dynamicProperties());
    return command;
  }

  private void spawn(String name, List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logDir().resolve(name + ".out").toFile())
              .start();
      Files.writeString(dir.resolve(name + ".pid"), Long.toString(p.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Flink " + name, e);
    }
  }

  /**
   * The live processes of this cluster whose name starts with {@code prefix}, by their pid files.
   */
  private List<ProcessHandle> running(String prefix) {
    List<ProcessHandle> found = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path pidFile :
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith(prefix)
                          && f.toString().endsWith(".pid"))
              .toList()) {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        String marker =
            "-Dstrata.flink.process="
                + dir
                + "/"
                + pidFile.getFileName().toString().replace(".pid", "");
        // Only a process that carries this cluster's marker: a pid may have been reused since.
        Optional<ProcessHandle> live =
            ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(
                    h ->
                        h.info()
                            .arguments()
                            .map(a -> Arrays.asList(a).contains(marker))
                            .orElse(true));
        if (live.isPresent()) {
          found.add(live.get());
        } else {
          Files.deleteIfExists(pidFile);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static void stop(ProcessHandle p) {
    p.destroy();
    try {
      p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      p.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }
  }

  /**
   * TaskManagers whose slots the JobManager has registered; a killed one counts until its heartbeat
   * times out.
   */
  public int registeredTaskManagers() {
    return overview().map(o -> overviewField(o, "slots-total") / settings.slots()).orElse(0);
  }

  /** The ids of the TaskManagers the JobManager knows, from {@code /taskmanagers}. */
  private Set<String> taskManagerIds() {
    Set<String> ids = new HashSet<>();
    get("taskmanagers")
        .ifPresent(
            json -> {
              Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
              while (m.find()) {
                ids.add(m.group(1));
              }
            });
    return ids;
  }

  private static int overviewField(String overview, String field) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(\\d+)").matcher(overview);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The JobManager's {@code /overview} JSON, or empty while it does not answer. */
  private Optional<String> overview() {
    return get("overview");
  }

  /**
   * A JobManager REST resource ({@code jobs/overview}, {@code jobs/<id>/checkpoints}, ...), or
   * empty while it does not answer.
   */
  public Optional<String> get(String path) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(webUiUrl() + path).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      try (InputStream in = c.getInputStream()) {
        return c.getResponseCode() == 200
            ? Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            : Optional.empty();
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void waitUntil(java.util.function.BooleanSupplier ready, String what) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after "
                + READY_TIMEOUT.toSeconds()
                + " s waiting for "
                + what
                + "; see "
                + logDir());
      }
      if (running("jobmanager").isEmpty() && !what.startsWith("TaskManager")) {
        throw new IllegalStateException("the Flink JobManager exited; see " + logDir());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String clusterClasspath() {
    try (InputStream in = FlinkSessionCluster.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE + " is missing: build strata-flink-cluster with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int portOrFree(int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static int intSetting(String config, String key) {
    return Integer.parseInt(stringSetting(config, key));
  }

  private static String stringSetting(String config, String key) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ": (.+)$").matcher(config);
    if (!m.find()) {
      throw new IllegalStateException("the cluster configuration has no " + key);
    }
    return m.group(1).trim();
  }

  /**
   * {@code start [--dir=DIR] [--restPort=N]}, {@code stop}, {@code status}, {@code
   * kill-taskmanager}, {@code start-taskmanager}; DIR defaults to {@code target/flink-cluster}.
   */
  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println(
          "usage: FlinkSessionCluster start|stop|status|kill-taskmanager|start-taskmanager [--dir=DIR] [--restPort=N]");
      System.exit(2);
    }
    Path dir = Path.of("target", "flink-cluster");
    Settings settings = Settings.defaults();
    for (String a : Arrays.copyOfRange(args, 1, args.length)) {
      if (a.startsWith("--dir=")) {
        dir = Path.of(a.substring("--dir=".length()));
      } else if (a.startsWith("--restPort=")) {
        settings = settings.withRestPort(Integer.parseInt(a.substring("--restPort=".length())));
      } else {
        System.err.println("unknown argument " + a);
        System.exit(2);
      }
    }
    try {
      run(args[0], dir, settings);
    } catch (IllegalStateException | UncheckedIOException e) {
      System.err.println("flink-cluster " + args[0] + ": " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run(String command, Path dir, Settings settings) {
    switch (command) {
      case "start" -> {
        long t0 = System.nanoTime();
        FlinkSessionCluster cluster = start(dir, settings);
        System.out.printf(
            "started in %.1f s; %s%nlogs: %s%n",
            (System.nanoTime() - t0) / 1e9, cluster.status(), cluster.logDir());
      }
      case "stop" -> attach(dir).close();
      case "status" -> System.out.println(attach(dir).status());
      case "kill-taskmanager" -> attach(dir).killTaskManager();
      case "start-taskmanager" -> {
        FlinkSessionCluster cluster = attach(dir);
        cluster.taskManagers = (int) countLogs(cluster, "taskmanager-");
        cluster.startTaskManager();
        System.out.println(cluster.status());
      }
      default -> {
        System.err.println("unknown command " + command);
        System.exit(2);
      }
    }
  }

  private static long countLogs(FlinkSessionCluster cluster, String prefix) {
    try (var files = Files.list(cluster.logDir())) {
      return files
          .filter(
              f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".out"))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
