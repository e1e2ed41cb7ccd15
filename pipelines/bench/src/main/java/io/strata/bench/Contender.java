package io.strata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One way of loading the order-line files into PostgreSQL, run as a process of its own: its command
 * and the table it fills.
 */
public record Contender(String name, String description, String table, Command command) {
  /** Builds the process for one run over {@code input}. */
  @FunctionalInterface
  public interface Command {
    ProcessBuilder build(BenchEnv env, Path input);
  }

  public static final String RAW_TABLE = "bench.order_lines_raw";
  public static final String BRONZE_TABLE = "bronze.order_lines";

  /** Every contender this machine can run, in report order. */
  public static List<Contender> all(BenchEnv env) {
    List<Contender> all = new ArrayList<>();
    all.add(
        new Contender(
            "copy",
            "COPY via CopyManager from a Java loop",
            RAW_TABLE,
            (e, in) -> e.java("copy", in.toString(), RAW_TABLE)));
    if (env.psql() != null) {
      all.add(new Contender("psql", "psql \\copy", RAW_TABLE, BenchEnv::psqlCopy));
    }
    all.add(
        new Contender(
            "copy-bronze",
            "COPY of bronze's own rows (lineage, a text column per field), prepared beforehand",
            BRONZE_TABLE,
            (e, in) -> e.java("copy-bronze", in.toString())));
    all.add(
        new Contender(
            "strata-direct",
            "Strata bronze, DirectRunner",
            BRONZE_TABLE,
            (e, in) ->
                e.java("strata-bronze", in.toString(), e.project().toString(), "DirectRunner")));
    all.add(
        new Contender(
            "strata-flink",
            "Strata bronze, FlinkRunner (local)",
            BRONZE_TABLE,
            (e, in) ->
                e.java("strata-bronze", in.toString(), e.project().toString(), "FlinkRunner")));
    all.add(
        new Contender(
            "jdbcio",
            "JdbcIO batched INSERT (DirectRunner)",
            RAW_TABLE,
            (e, in) -> e.java("jdbcio", in.toString(), RAW_TABLE)));
    all.add(
        new Contender(
            "pandas-to-sql",
            "pandas DataFrame.to_sql",
            RAW_TABLE,
            (e, in) -> e.python("to_sql", in, RAW_TABLE)));
    all.add(
        new Contender(
            "pandas-copy",
            "pandas + psycopg2 COPY",
            RAW_TABLE,
            (e, in) -> e.python("copy", in, RAW_TABLE)));
    return all;
  }

  /**
   * The contender that sets the ceiling (COPY from Java) and the peer Strata must beat (to_sql).
   */
  public static final String CEILING = "copy";

  public static final String PEER = "pandas-to-sql";

  /**
   * Names of {@code all} kept by a comma-separated filter; empty keeps everything, none nothing.
   */
  public static List<Contender> select(List<Contender> all, String filter) {
    if (filter == null || filter.isBlank()) {
      return all;
    }
    if (filter.trim().equals("none")) {
      return List.of();
    }
    List<String> wanted = List.of(filter.split(","));
    List<String> known = all.stream().map(Contender::name).toList();
    for (String w : wanted) {
      if (!known.contains(w.trim())) {
        throw new IllegalArgumentException(
            "--contenders: unknown '" + w.trim() + "' (known: " + String.join(",", known) + ")");
      }
    }
    return all.stream()
        .filter(c -> wanted.stream().anyMatch(w -> w.trim().equals(c.name())))
        .toList();
  }
}
