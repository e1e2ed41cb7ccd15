package io.strata.bench;

import io.strata.pipelines.Strata;
import io.strata.pipelines.config.StrataDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the contenders' processes need: the JVM and class path of this one, the project's Python
 * environment, psql when installed, the warehouse (its password only ever in the environment).
 */
public record BenchEnv(
    String javaBinary,
    String classpath,
    Path python,
    Path pandasScript,
    Path psql,
    Path project,
    String jdbcUrl,
    String user,
    String password,
    String sqlalchemyUrl,
    Path tmpDir) {

  /**
   * Extra flags for the contenders' JVMs, e.g. {@code -XX:StartFlightRecording=...} to profile
   * them.
   */
  public static final String JVM_OPTIONS_ENV = "STRATA_BENCH_JVM_OPTIONS";

  ProcessBuilder java(String task, String... args) {
    return javaOn(jdbcUrl, task, args);
  }

  /** A bench task against another database of the same server. */
  ProcessBuilder javaOn(String databaseUrl, String task, String... args) {
    List<String> command = jvm(List.of());
    command.addAll(List.of(BenchTask.class.getName(), task, databaseUrl, user));
    command.addAll(List.of(args));
    return withPassword(new ProcessBuilder(command));
  }

  /** {@code strata run} with {@code args}, in a JVM of its own started with {@code jvmFlags}. */
  ProcessBuilder strataRun(List<String> jvmFlags, List<String> args) {
    List<String> command = jvm(jvmFlags);
    command.addAll(List.of(Strata.class.getName(), "run"));
    command.addAll(args);
    return withPassword(new ProcessBuilder(command));
  }

  /** This JVM's binary and class path, the temp folder, {@code flags} and the extra flags. */
  private List<String> jvm(List<String> flags) {
    List<String> command = new ArrayList<>(List.of(javaBinary, "-Djava.io.tmpdir=" + tmpDir));
    command.addAll(flags);
    String extra = System.getenv(JVM_OPTIONS_ENV);
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", classpath));
    return command;
  }

  private ProcessBuilder withPassword(ProcessBuilder pb) {
    pb.environment().put(StrataDefaults.JDBC_PASSWORD_ENV, password);
    return pb;
  }

  ProcessBuilder python(String mode, Path input, String table) {
    ProcessBuilder pb =
        new ProcessBuilder(
            python.toString(), pandasScript.toString(), mode, input.toString(), table);
    pb.environment().put("STRATA_BENCH_SQLALCHEMY_URL", sqlalchemyUrl);
    return pb;
  }

  /** One psql session: every file by {@code \copy}, in one transaction. */
  ProcessBuilder psqlCopy(Path input) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    StringBuilder script = new StringBuilder("BEGIN;\n");
    try {
      for (Path file : BenchTask.files(input)) {
        script
            .append("\\copy ")
            .append(Contender.RAW_TABLE)
            .append(" (")
            .append(String.join(", ", BenchTask.COLUMNS))
            .append(") FROM '")
            .append(file.toAbsolutePath().toString().replace("'", "''"))
            .append("' WITH (FORMAT csv, HEADER)\n");
      }
      script.append("COMMIT;\n");
      Path file = Files.writeString(tmpDir.resolve("psql-copy.sql"), script);
      String conninfo =
          "host="
              + uri.getHost()
              + " port="
              + (uri.getPort() > 0 ? uri.getPort() : 5432)
              + " dbname="
              + uri.getPath().substring(1)
              + " user="
              + user;
      ProcessBuilder pb =
          new ProcessBuilder(
              psql.toString(), conninfo, "-q", "-v", "ON_ERROR_STOP=1", "-f", file.toString());
      pb.environment().put("PGPASSWORD", password);
      return pb;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
