package io.strata.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MLflow tracking server from a {@link MlflowEnvironment}, run as a child process on
 * loopback. Its backend store is the database the caller names; with {@code --serve-artifacts} it
 * proxies artifacts to a local directory, so JVM clients upload and download them over HTTP and
 * need no Python of their own. Closing it (or the JVM exiting) stops the whole process tree.
 */
public final class EmbeddedMlflowServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMlflowServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 20;

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Thread shutdownHook = new Thread(this::close, "mlflow-server-stop");
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedMlflowServer(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
  }

  /**
   * Starts a server whose runs, metrics and registry live in {@code backendStoreUri} (an SQLAlchemy
   * URI such as {@code postgresql://user@host:port/mlflow}) and whose artifacts live in {@code
   * artifactsDir}. Its output goes to {@code mlflow-server.log} beside {@code artifactsDir}.
   */
  public static EmbeddedMlflowServer start(
      MlflowEnvironment env, String backendStoreUri, Path artifactsDir) {
    Path artifacts = artifactsDir.toAbsolutePath().normalize();
    Path log = artifacts.resolveSibling("mlflow-server.log");
    String shownBackend = Redaction.redactPasswords(backendStoreUri);
    Process process;
    int port;
    try {
      Files.createDirectories(artifacts);
      port = EmbeddedPostgresServer.freePort();
      // python -m mlflow rather than bin/mlflow: a script's shebang breaks on long venv paths.
      ProcessBuilder builder =
          new ProcessBuilder(
                  env.python().toString(),
                  "-m",
                  "mlflow",
                  "server",
                  "--serve-artifacts",
                  "--artifacts-destination",
                  artifacts.toUri().toString(),
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--workers",
                  "1")
              .directory(artifacts.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // Through the environment, not argv: a password in the URI would show in `ps` otherwise.
      builder.environment().put("MLFLOW_BACKEND_STORE_URI", backendStoreUri);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the MLflow server (log: " + log + ")", e);
    }
    EmbeddedMlflowServer server = new EmbeddedMlflowServer(process, port, log);
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    long started = System.nanoTime();
    try {
      server.awaitHealthy();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "MLflow {} up in {} ms (backend store {}, artifacts {}, log {})",
        server.trackingUri(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        shownBackend,
        artifacts,
        log);
    return server;
  }

  /** The address for tracking clients and the browser, e.g. {@code http://127.0.0.1:5123}. */
  public String trackingUri() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return logFile;
  }

  /** The server's root process; the test inspects its descendants. */
  ProcessHandle processHandle() {
    return process.toHandle();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Already running as (or beside) the shutdown hook.
    }
    ProcessTrees.stop(process, STOP_GRACE);
  }

  private void awaitHealthy() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(trackingUri() + "/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!answers(http, health)) {
        if (!process.isAlive()) {
          throw startFailure("exited with code " + process.exitValue());
        }
        if (System.nanoTime() > deadline) {
          throw startFailure("did not answer GET /health within " + START_TIMEOUT);
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw startFailure("was interrupted while starting");
    }
  }

  private static boolean answers(HttpClient http, HttpRequest health) throws InterruptedException {
    try {
      return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  private IllegalStateException startFailure(String what) {
    return new IllegalStateException(
        "MLflow server on port "
            + port
            + " "
            + what
            + "; log "
            + logFile
            + " ends with:\n"
            + Redaction.redactPasswords(logTail()));
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
