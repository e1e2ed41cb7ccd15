package io.strata.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python virtual environment holding the pinned MLflow of {@code mlflow-requirements.txt},
 * installed once and cached. The default location is {@code ~/.cache/strata/mlflow-<hash of the
 * requirements>}, so changing a pin installs a fresh environment next to the old one. A marker
 * written after a successful install tells a finished environment from a half-finished one, which
 * is wiped and redone; a file lock keeps two JVMs from installing into the same directory at once.
 */
public final class MlflowEnvironment {
  public static final String VENV_PROPERTY = "strata.mlflow.venv";
  public static final String VENV_ENV = "STRATA_MLFLOW_VENV";

  /** The interpreter that creates the environment (default python3). */
  public static final String PYTHON_PROPERTY = "strata.mlflow.python";

  public static final String PYTHON_ENV = "STRATA_MLFLOW_PYTHON";
  private static final String REQUIREMENTS_RESOURCE = "mlflow-requirements.txt";

  private static final Logger LOG = LoggerFactory.getLogger(MlflowEnvironment.class);
  private static final String MARKER = "strata-installed";
  private static final String INSTALL_LOG = "strata-install.log";
  private static final Duration LOCK_WAIT = Duration.ofMinutes(20);
  private static final Duration VENV_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration PIP_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  // A FileLock belongs to the whole JVM (a second lock() from another thread throws), so threads
  // of one JVM queue here before taking the file lock.
  private static final Object INSTALLING = new Object();

  private final Path venvDir;

  private MlflowEnvironment(Path venvDir) {
    this.venvDir = venvDir;
  }

  /** The environment at the configured location, installed first unless it already is. */
  public static MlflowEnvironment ensureInstalled() {
    return ensureInstalled(configuredVenvDir());
  }

  /** The environment at {@code venvDir}, installed first unless it already is. */
  public static MlflowEnvironment ensureInstalled(Path venvDir) {
    return ensureInstalled(
        venvDir, configured(PYTHON_PROPERTY, PYTHON_ENV, "python3"), requirements());
  }

  static MlflowEnvironment ensureInstalled(Path venvDir, String python, byte[] requirements) {
    Path dir = venvDir.toAbsolutePath().normalize();
    String hash = sha256(requirements);
    MlflowEnvironment env = new MlflowEnvironment(dir);
    if (env.isInstalled(hash)) {
      return env;
    }
    synchronized (INSTALLING) {
      Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
      try {
        Files.createDirectories(dir.getParent());
        try (FileChannel channel =
                FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = acquire(channel, lockFile)) {
          if (!env.isInstalled(hash)) {
            env.install(python, requirements, hash);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not install MLflow into " + dir, e);
      }
    }
    return env;
  }

  /** {@value #VENV_PROPERTY}, else ${@value #VENV_ENV}, else the per-requirements user cache. */
  public static Path configuredVenvDir() {
    String configured = configured(VENV_PROPERTY, VENV_ENV, null);
    if (configured != null) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "strata")
        .resolve("mlflow-" + sha256(requirements()).substring(0, 16));
  }

  public Path venvDir() {
    return venvDir;
  }

  public Path python() {
    return venvDir.resolve("bin").resolve("python");
  }

  /** Where the last install wrote the output of venv and pip. */
  public Path installLog() {
    return venvDir.resolve(INSTALL_LOG);
  }

  static byte[] requirements() {
    try (InputStream in = MlflowEnvironment.class.getResourceAsStream(REQUIREMENTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + REQUIREMENTS_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean isInstalled(String hash) {
    Path marker = venvDir.resolve(MARKER);
    try {
      return Files.isRegularFile(marker) && Files.readString(marker).equals(hash);
    } catch (IOException e) {
      return false;
    }
  }

  private void install(String python, byte[] requirements, String hash) throws IOException {
    wipeUnfinished();
    Files.createDirectories(venvDir);
    Path log = installLog();
    Files.deleteIfExists(log);
    LOG.info("Installing MLflow into {} (log: {})", venvDir, log);
    long started = System.nanoTime();

    run(
        List.of(python, "-m", "venv", venvDir.toString()),
        log,
        VENV_TIMEOUT,
        "creating a virtual environment with " + python + " (" + PYTHON_ENV + " chooses another)");
    Path requirementsCopy = venvDir.resolve(REQUIREMENTS_RESOURCE);
    Files.write(requirementsCopy, requirements);
    // Wheels only: a platform without a pinned wheel fails fast instead of compiling C code.
    run(
        List.of(
            python().toString(),
            "-m",
            "pip",
            "install",
            "--no-input",
            "--only-binary=:all:",
            "-r",
            requirementsCopy.toString()),
        log,
        PIP_TIMEOUT,
        "pip install into Python " + pythonVersion() + " (the pins need CPython 3.10 to 3.12)");

    Path pending = venvDir.resolve(MARKER + ".tmp");
    Files.writeString(pending, hash);
    Files.move(pending, venvDir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE);
    LOG.info(
        "Installed MLflow into {} in {} s",
        venvDir,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  /** Removes a half-finished install, refusing to delete a directory Strata did not create. */
  private void wipeUnfinished() throws IOException {
    if (!Files.isDirectory(venvDir)) {
      return;
    }
    boolean empty;
    try (Stream<Path> entries = Files.list(venvDir)) {
      empty = entries.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    if (!Files.exists(installLog())) {
      throw new IllegalStateException(
          venvDir
              + " is not empty and holds no Strata install; remove it or point "
              + VENV_ENV
              + " elsewhere");
    }
    LOG.info("Removing the unfinished MLflow install in {}", venvDir);
    FileUtils.deleteDirectory(venvDir.toFile());
  }

  private String pythonVersion() throws IOException {
    try (Stream<String> lines = Files.lines(venvDir.resolve("pyvenv.cfg"))) {
      return lines
          .filter(l -> l.startsWith("version"))
          .map(l -> l.substring(l.indexOf('=') + 1).trim())
          .findFirst()
          .orElse("(unknown version)");
    }
  }

  private static void run(List<String> command, Path log, Duration timeout, String what)
      throws IOException {
    Files.writeString(
        log,
        "$ " + String.join(" ", command) + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          what + " failed: cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        ProcessTrees.stop(process, STOP_GRACE);
        throw new IllegalStateException(
            what + " did not finish within " + timeout + "; see " + log);
      }
    } catch (InterruptedException e) {
      ProcessTrees.stop(process, STOP_GRACE);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted; see " + log, e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          what + " failed with exit code " + process.exitValue() + "; see " + log);
    }
  }

  private static FileLock acquire(FileChannel channel, Path lockFile) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    FileLock lock = channel.tryLock();
    while (lock == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "another process has held " + lockFile + " for over " + LOCK_WAIT);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + lockFile, e);
      }
      lock = channel.tryLock();
    }
    return lock;
  }

  private static String configured(String property, String envVar, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(envVar);
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
