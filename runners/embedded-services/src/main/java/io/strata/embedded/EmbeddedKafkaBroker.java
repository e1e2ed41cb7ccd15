package io.strata.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka 4 broker (KRaft, broker and controller in one process) in its own JVM,
 * for runs and tests that are not given one. Its jars come from the strata-kafka-broker resources,
 * never from this classpath, which must keep the kafka-clients 3.9 that KafkaIO needs. It listens
 * on loopback on free ports and writes its output to {@code kafka.log} in the work directory.
 *
 * <p>Every start formats a new, empty log: a run republishes its input, and a fresh topic gives the
 * same records the same offsets again, so bronze lineage stays stable across runs.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  /** A folder of Kafka server jars to run instead of the bundled ones. */
  public static final String BROKER_LIB_PROPERTY = "strata.kafka.brokerLib";

  private static final String BUNDLED_CLASSPATH = "/strata-kafka-broker/classpath.txt";
  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  // Serial GC: a one-node broker on a small shared machine needs no parallel collector threads.
  private static final List<String> BROKER_JVM =
      List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
  // The format tool runs for a second: the first JIT tier alone starts it sooner.
  private static final List<String> FORMAT_JVM =
      List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Process process;
  private final Thread stopOnExit;
  private final String bootstrapServers;
  private final String secureBootstrapServers;
  private final Path log;

  /**
   * A SASL_SSL listener beside the plain one, as a managed Kafka (OCI Streaming, MSK) offers:
   * SCRAM-SHA-256 users (name to password) and the server's key and certificate chain in one PEM
   * file, the key unencrypted. It answers as {@code localhost}, the name the certificate must
   * carry.
   */
  public record SaslSslListener(Path keyAndCertificatePem, Map<String, String> scramUsers) {}

  private EmbeddedKafkaBroker(
      Process process, String bootstrapServers, String secureBootstrapServers, Path log) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.secureBootstrapServers = secureBootstrapServers;
    this.log = log;
    this.stopOnExit = new Thread(() -> stop(process), "strata-kafka-broker-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts a broker in {@code workDir} and returns once it answers, within 60 seconds. */
  public static EmbeddedKafkaBroker start(Path workDir) {
    return start(workDir, null);
  }

  /** As {@link #start(Path)}, with a SASL_SSL listener too when {@code secure} is not null. */
  public static EmbeddedKafkaBroker start(Path workDir, SaslSslListener secure) {
    Path dir = workDir.toAbsolutePath();
    Path log = dir.resolve("kafka.log");
    try {
      Files.createDirectories(dir.resolve("tmp"));
      String classpath = classpath(dir);
      int[] ports = freePorts(3);
      String broker = HOST + ":" + ports[0];
      String secureBroker = secure == null ? null : "localhost:" + ports[2];
      Path config = writeConfig(dir, broker, HOST + ":" + ports[1], secureBroker, secure);

      List<String> formatArgs =
          new ArrayList<>(
              List.of(
                  "kafka.tools.StorageTool",
                  "format",
                  "--standalone",
                  "--cluster-id",
                  clusterId(),
                  "--config",
                  config.toString()));
      if (secure != null) {
        // SCRAM credentials live in the cluster metadata: KRaft takes them at format time.
        secure
            .scramUsers()
            .forEach(
                (name, password) ->
                    formatArgs.addAll(
                        List.of(
                            "--add-scram",
                            "SCRAM-SHA-256=[name=" + name + ",password=" + password + "]")));
      }
      Process format =
          kafkaJvm(dir, classpath, FORMAT_JVM, log, formatArgs.toArray(String[]::new)).start();
      if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        format.destroyForcibly();
        throw failure("formatting the log timed out", log);
      }
      if (format.exitValue() != 0) {
        throw failure("formatting the log failed with exit code " + format.exitValue(), log);
      }

      Process process =
          kafkaJvm(dir, classpath, BROKER_JVM, log, "kafka.Kafka", config.toString()).start();
      EmbeddedKafkaBroker started = new EmbeddedKafkaBroker(process, broker, secureBroker, log);
      try {
        started.awaitReady();
      } catch (RuntimeException | InterruptedException e) {
        started.close();
        throw e;
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded Kafka broker in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The SASL_SSL listener's address ({@code localhost:port}); only when started with one. */
  public String secureBootstrapServers() {
    if (secureBootstrapServers == null) {
      throw new IllegalStateException("this broker was started without a SASL_SSL listener");
    }
    return secureBootstrapServers;
  }

  /** The broker JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** Creates {@code name} with one replica; one that exists with as many partitions is kept. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      try {
        await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all(), name);
      } catch (TopicExistsException e) {
        int existing =
            await(admin.describeTopics(List.of(name)).allTopicNames(), name)
                .get(name)
                .partitions()
                .size();
        if (existing != partitions) {
          throw new IllegalStateException(
              "topic " + name + " exists with " + existing + " partitions, not " + partitions);
        }
      }
    }
  }

  /** Stops the broker: a clean shutdown first, killed if it takes longer than 30 seconds. */
  @Override
  public void close() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException jvmShuttingDown) {
      // The hook runs or has run already, and stops the same process.
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    awaitListener(deadline);
    try (Admin admin = admin()) {
      while (true) {
        if (!process.isAlive()) {
          throw failure("the broker exited with code " + process.exitValue(), log);
        }
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
              .nodes()
              .get(3, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException notAnsweringYet) {
          // The JVM is still starting, or the broker has not opened its listener.
        }
        if (System.nanoTime() > deadline) {
          throw failure("no answer within " + START_TIMEOUT.toSeconds() + " s", log);
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * Waits until the listener accepts TCP connections, so the admin client below does not log a
   * warning for every attempt while the broker JVM is still starting.
   */
  private void awaitListener(long deadline) throws InterruptedException {
    int colon = bootstrapServers.lastIndexOf(':');
    String host = bootstrapServers.substring(0, colon);
    int port = Integer.parseInt(bootstrapServers.substring(colon + 1));
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(host, port), 500);
        return;
      } catch (IOException notListeningYet) {
        Thread.sleep(100);
      }
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "strata-embedded-kafka",
            // Retry soon while the broker JVM starts, instead of backing off to a second.
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
            200));
  }

  /** The future's value; a Kafka error is rethrown as itself, so callers can catch its type. */
  private static <T> T await(KafkaFuture<T> future, String topic) {
    try {
      return future.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("admin request on topic " + topic + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("admin request on topic " + topic + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during an admin request on topic " + topic, e);
    }
  }

  private static void stop(Process process) {
    process.destroy(); // SIGTERM: Kafka's own hook closes the log cleanly.
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("Kafka broker pid " + process.pid() + " did not exit");
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A JVM running Kafka's {@code mainAndArgs} via {@link BrokerLauncher}, to die with this one. */
  private static ProcessBuilder kafkaJvm(
      Path dir, String classpath, List<String> flags, Path log, String... mainAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    // zstd and snappy unpack their native libraries into java.io.tmpdir.
    command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    command.add("-Dlog4j2.level=INFO");
    command.addAll(List.of("-cp", classpath, BrokerLauncher.class.getName()));
    command.addAll(List.of(mainAndArgs));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
  }

  private static String classpath(Path dir) throws IOException {
    List<Path> entries = new ArrayList<>();
    entries.add(writeLauncher(dir));
    entries.addAll(brokerJars(dir));
    return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /** Writes the launcher class to a folder of its own: this module's jar stays off that path. */
  private static Path writeLauncher(Path dir) throws IOException {
    String name = BrokerLauncher.class.getName().replace('.', '/') + ".class";
    Path root = dir.resolve("launcher");
    Path target = root.resolve(name);
    Files.createDirectories(target.getParent());
    try (InputStream in = BrokerLauncher.class.getClassLoader().getResourceAsStream(name)) {
      Files.copy(in, target, REPLACE_EXISTING);
    }
    return root;
  }

  private static List<Path> brokerJars(Path dir) throws IOException {
    String lib = System.getProperty(BROKER_LIB_PROPERTY);
    if (lib != null) {
      try (Stream<Path> files = Files.list(Path.of(lib))) {
        List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        if (jars.isEmpty()) {
          throw new IllegalStateException("no jars in " + lib + " (-D" + BROKER_LIB_PROPERTY + ")");
        }
        return jars;
      }
    }
    URL index = EmbeddedKafkaBroker.class.getResource(BUNDLED_CLASSPATH);
    if (index == null) {
      throw new IllegalStateException(
          BUNDLED_CLASSPATH
              + " is not on the classpath: depend on strata-kafka-broker or set -D"
              + BROKER_LIB_PROPERTY);
    }
    String entries;
    try (InputStream in = index.openStream()) {
      entries = new String(in.readAllBytes(), UTF_8).trim();
    }
    List<Path> jars = new ArrayList<>();
    for (String entry : entries.split(",")) {
      jars.add(asFile(new URL(index, entry), dir.resolve("broker-lib")));
    }
    return jars;
  }

  /**
   * A bundled jar as a file: used where it is when the resources are a folder (exec:java in the
   * reactor), extracted once into {@code libDir} when they are inside a jar.
   */
  private static Path asFile(URL jar, Path libDir) throws IOException {
    if ("file".equals(jar.getProtocol())) {
      try {
        return Path.of(jar.toURI());
      } catch (URISyntaxException e) {
        throw new IOException("not a file path: " + jar, e);
      }
    }
    String path = jar.getPath();
    Path target = libDir.resolve(path.substring(path.lastIndexOf('/') + 1));
    if (!Files.exists(target)) {
      Files.createDirectories(libDir);
      // Copied beside the target and then renamed, so a crash never leaves a truncated jar there.
      Path partial = Files.createTempFile(libDir, target.getFileName().toString(), ".part");
      try (InputStream in = jar.openStream()) {
        Files.copy(in, partial, REPLACE_EXISTING);
      }
      Files.move(partial, target, ATOMIC_MOVE);
    }
    return target;
  }

  private static Path writeConfig(
      Path dir, String broker, String controller, String secureBroker, SaslSslListener secure)
      throws IOException {
    Path logDirs = dir.resolve("kafka-logs");
    FileUtils.deleteDirectory(logDirs.toFile());
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.bootstrap.servers", controller);
    String listeners = "PLAINTEXT://" + broker + ",CONTROLLER://" + controller;
    String advertised = "PLAINTEXT://" + broker;
    String protocols = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT";
    if (secure != null) {
      listeners += ",SECURE://" + secureBroker;
      advertised += ",SECURE://" + secureBroker;
      protocols += ",SECURE:SASL_SSL";
      p.setProperty("listener.name.secure.sasl.enabled.mechanisms", "SCRAM-SHA-256");
      p.setProperty(
          "listener.name.secure.scram-sha-256.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      p.setProperty("listener.name.secure.ssl.keystore.type", "PEM");
      p.setProperty(
          "listener.name.secure.ssl.keystore.location",
          secure.keyAndCertificatePem().toAbsolutePath().toString());
    }
    p.setProperty("listeners", listeners);
    p.setProperty("advertised.listeners", advertised);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", protocols);
    p.setProperty("log.dirs", logDirs.toString());
    // Topics are created on purpose, so a misspelt name fails instead of starting an empty topic.
    p.setProperty("auto.create.topics.enable", "false");
    // One node: internal topics can have one replica only, and need no more than one partition.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    // A single consumer need not wait for others to join its group.
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      p.store(out, "Embedded Strata broker, rewritten at every start");
    }
    return config;
  }

  /** A Kafka cluster id: 16 random bytes in unpadded base64url, never starting with '-'. */
  private static String clusterId() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16);
    // A clear top bit keeps the first character out of '-' and '_', which would read as an option.
    bytes.putLong(uuid.getMostSignificantBits() & Long.MAX_VALUE);
    bytes.putLong(uuid.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** Distinct free loopback ports: all are held open together so none is handed out twice. */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static IllegalStateException failure(String what, Path log) {
    String tail;
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      tail = String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
    } catch (IOException | UncheckedIOException e) {
      tail = "(no log: " + e.getMessage() + ")";
    }
    return new IllegalStateException(
        "embedded Kafka broker: " + what + "; see " + log + ", which ends with:\n" + tail);
  }
}
