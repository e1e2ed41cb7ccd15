package io.strata.embedded;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** The install bookkeeping, on a one-package requirements file so that it stays quick. */
public class MlflowEnvironmentIT {
  private static final byte[] SMALL = "six==1.16.0\n".getBytes(StandardCharsets.UTF_8);

  @Rule public final Timeout timeout = Timeout.seconds(300);

  private final Path dir = Path.of("target", "it-venv-" + System.nanoTime()).toAbsolutePath();

  @Test
  public void redoesAHalfFinishedInstallOnceAndThenReusesIt() throws Exception {
    // What a killed install leaves: its log, part of an environment, no marker.
    Files.createDirectories(dir.resolve("lib"));
    Files.writeString(dir.resolve("strata-install.log"), "$ python3 -m venv\n");
    Files.writeString(dir.resolve("lib").resolve("partial"), "x");

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<MlflowEnvironment>> installs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        installs.add(pool.submit(() -> MlflowEnvironment.ensureInstalled(dir, "python3", SMALL)));
      }
      for (Future<MlflowEnvironment> install : installs) {
        assertEquals(dir, install.get(240, TimeUnit.SECONDS).venvDir());
      }
    } finally {
      pool.shutdownNow();
    }
    MlflowEnvironment env = MlflowEnvironment.ensureInstalled(dir, "python3", SMALL);
    String log = Files.readString(env.installLog());
    assertEquals("installed once", 1, count(log, "Successfully installed six-1.16.0"));
    assertFalse(Files.exists(dir.resolve("lib").resolve("partial")));
    assertTrue(Files.isRegularFile(dir.resolve("strata-installed")));

    FileTime before = Files.getLastModifiedTime(env.installLog());
    MlflowEnvironment.ensureInstalled(dir, "python3", SMALL);
    assertEquals("reused", before, Files.getLastModifiedTime(env.installLog()));
  }

  @Test
  public void reportsAFailedPipInstallWithItsLogAndLeavesNoMarker() {
    byte[] missing = "six==0.0.0\n".getBytes(StandardCharsets.UTF_8);
    try {
      MlflowEnvironment.ensureInstalled(dir, "python3", missing);
      fail("pip should have failed");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("pip install into Python 3."));
      String log = dir.resolve("strata-install.log").toString();
      assertTrue(e.getMessage(), e.getMessage().endsWith("see " + log));
    }
    assertFalse(Files.exists(dir.resolve("strata-installed")));
  }

  @Test
  public void reportsAMissingPython() {
    String python = dir.resolve("no-such-python").toString();
    try {
      MlflowEnvironment.ensureInstalled(dir, python, SMALL);
      fail("there is no such interpreter");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("cannot run " + python));
      assertTrue(e.getMessage(), e.getMessage().contains(MlflowEnvironment.PYTHON_ENV));
    }
  }

  @Test
  public void refusesToWipeADirectoryItDidNotCreate() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("precious.txt"), "keep me");
    try {
      MlflowEnvironment.ensureInstalled(dir, "python3", SMALL);
      fail("a foreign directory must not be replaced");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(dir.toString()));
    }
    assertTrue(Files.exists(dir.resolve("precious.txt")));
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
