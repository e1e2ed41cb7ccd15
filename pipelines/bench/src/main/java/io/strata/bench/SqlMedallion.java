package io.strata.bench;

import io.strata.pipelines.stages.GoldStage;
import io.strata.transforms.contract.Project;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.jdbc.Migrations;
import io.strata.transforms.jdbc.TableDdl;
import io.strata.transforms.jdbc.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * What {@code bench} times Strata's whole medallion against: the same work written by hand as SQL
 * inside PostgreSQL, the way a data team without Strata would. The raw files go into {@code raw.*}
 * as text with COPY (pgjdbc's CopyManager); {@code sql_medallion.sql} types, validates (every rule
 * and reason code of the retail sample's SPEC.md), checks foreign keys, de-duplicates and writes
 * {@code silver.*} and {@code quarantine.rejected_rows}; Strata's own gold SQL then builds {@code
 * gold.*}, so both sides must end in the same gold.
 *
 * <p>COPY cannot take a record that is not UTF-8, not valid CSV or of the wrong width: the loader
 * drops those before COPY and counts them (Strata quarantines them as {@code row.encoding}, {@code
 * row.parse_error} and {@code row.column_count}). Payments come from their {@code payments/*.jsonl}
 * files rather than Kafka, FX rates from the page files the sample FX API serves.
 *
 * <p>It drops and recreates the layer schemas of the database it is given: point it at a bench-only
 * database, never at a warehouse.
 */
public final class SqlMedallion {
  private static final List<String> SCHEMAS =
      List.of("raw", "bronze", "silver", "gold", "quarantine", "ops");
  private static final List<String> CSV_SOURCES = List.of("customers", "orders", "order_lines");
  private static final List<String> JSONL_SOURCES = List.of("products", "payments");
  private static final Pattern FX_PAGE = Pattern.compile("page-(\\d+)\\.json");
  private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

  /**
   * As in Strata: a quoted value may span lines, but a quote still open after this many is broken.
   */
  private static final int MAX_RECORD_LINES = 20;

  private SqlMedallion() {}

  public static void run(
      String jdbcUrl, String user, String password, Path inputDir, Path projectDir)
      throws IOException, SQLException {
    Project project = Project.load(projectDir);
    String pw = password == null ? "" : password;
    Warehouse w = new Warehouse(jdbcUrl, user, pw);
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", pw);
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(jdbcUrl, p)) {
      recreate(c, w, project);
      long created = System.nanoTime();
      c.setAutoCommit(false);
      long dropped = load(c, inputDir);
      c.commit();
      long loaded = System.nanoTime();
      try (Statement s = c.createStatement()) {
        s.execute(script());
      }
      c.commit();
      long silver = System.nanoTime();
      List<String> gold = GoldStage.run(w, project);
      System.out.printf(
          "sql-medallion: schemas %.2f s, COPY %.2f s (%d records COPY cannot take dropped), silver %.2f s, gold %.2f s: %s%n",
          (created - start) / 1e9,
          (loaded - created) / 1e9,
          dropped,
          (silver - loaded) / 1e9,
          (System.nanoTime() - silver) / 1e9,
          gold);
    } finally {
      w.closePool();
    }
  }

  /**
   * Empty layers: Strata's migrations (quarantine, ops) and its silver tables, and a raw schema to
   * load into.
   */
  private static void recreate(Connection c, Warehouse w, Project project) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + String.join(", ", SCHEMAS) + " CASCADE");
    }
    Migrations.apply(w);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA raw");
    }
    for (TableContract contract : project.contracts()) {
      TableDdl.ensure(c, contract);
    }
  }

  /**
   * COPYs every source into raw.*; returns the records dropped because COPY could not take them.
   */
  static long load(Connection c, Path inputDir) throws IOException, SQLException {
    long dropped = 0;
    for (String table : CSV_SOURCES) {
      dropped += loadCsv(c, table, files(inputDir.resolve(table), ".csv"), inputDir);
    }
    for (String table : JSONL_SOURCES) {
      dropped += loadJsonLines(c, table, files(inputDir.resolve(table), ".jsonl"), inputDir);
    }
    return dropped
        + loadFxPages(
            c, files(inputDir.resolve("fx").resolve("v1").resolve("fx-rates"), ".json"), inputDir);
  }

  /** raw.table: source, line, then one text column per header column; one COPY per file. */
  private static long loadCsv(Connection c, String table, List<Path> files, Path inputDir)
      throws IOException, SQLException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no " + table + "/*.csv under " + inputDir);
    }
    long dropped = 0;
    boolean created = false;
    for (Path file : files) {
      List<Record> records = records(lines(Files.readAllBytes(file)));
      if (records.isEmpty()) {
        continue;
      }
      String headerText = records.get(0).text();
      List<String> header = headerText == null ? null : parseOne(headerText);
      if (header == null || !header.stream().allMatch(h -> IDENTIFIER.matcher(h).matches())) {
        throw new IllegalArgumentException(
            file + ": the header row is not a list of plain column names");
      }
      if (!created) {
        execute(
            c,
            "CREATE TABLE raw."
                + table
                + " (source text, line bigint, "
                + String.join(" text, ", header)
                + " text)");
        created = true;
      }
      String source = inputDir.relativize(file).toString();
      try (CSVPrinter out = copyIn(c, "raw." + table, header)) {
        for (Record r : records.subList(1, records.size())) {
          List<String> fields = r.text() == null ? null : parseOne(r.text());
          if (fields == null || fields.size() != header.size()) {
            dropped++;
            continue;
          }
          out.print(source);
          out.print(r.line());
          out.printRecord(fields);
        }
      }
    }
    return dropped;
  }

  /** raw.table (source, line, doc): one row per non-blank line, the line as text. */
  private static long loadJsonLines(Connection c, String table, List<Path> files, Path inputDir)
      throws IOException, SQLException {
    execute(c, "CREATE TABLE raw." + table + " (source text, line bigint, doc text)");
    long dropped = 0;
    try (CSVPrinter out = copyIn(c, "raw." + table, List.of("doc"))) {
      for (Path file : files) {
        String source = inputDir.relativize(file).toString();
        for (Line l : lines(Files.readAllBytes(file))) {
          if (l.text() == null) {
            dropped++;
          } else if (!l.text().isBlank()) {
            out.printRecord(source, l.number(), l.text());
          }
        }
      }
    }
    return dropped;
  }

  /** raw.fx_pages (source, page, body): each page file the FX API serves, whole. */
  private static long loadFxPages(Connection c, List<Path> files, Path inputDir)
      throws IOException, SQLException {
    execute(c, "CREATE TABLE raw.fx_pages (source text, page int, body text)");
    long dropped = 0;
    try (CSVPrinter out = copyIn(c, "raw.fx_pages (source, page, body)", null)) {
      for (Path file : files) {
        Matcher m = FX_PAGE.matcher(file.getFileName().toString());
        String body = utf8(Files.readAllBytes(file));
        if (!m.matches() || body == null) {
          dropped++;
          continue;
        }
        out.printRecord(inputDir.relativize(file).toString(), Integer.parseInt(m.group(1)), body);
      }
    }
    return dropped;
  }

  /**
   * A COPY into {@code table} (source, line, columns...) as PostgreSQL CSV; closing the printer
   * ends it. {@code columns} null means {@code table} already names its columns.
   */
  private static CSVPrinter copyIn(Connection c, String table, List<String> columns)
      throws SQLException, IOException {
    String target =
        columns == null ? table : table + " (source, line, " + String.join(", ", columns) + ")";
    PGCopyOutputStream copy =
        new PGCopyOutputStream(
            c.unwrap(PGConnection.class),
            "COPY " + target + " FROM STDIN WITH (FORMAT csv)",
            1 << 16);
    Writer writer = new OutputStreamWriter(copy, StandardCharsets.UTF_8);
    return new CSVPrinter(writer, CSVFormat.POSTGRESQL_CSV);
  }

  /**
   * A physical line without its terminator; text is null when its bytes are not UTF-8 (or hold a
   * NUL, which text cannot).
   */
  private record Line(long number, String text, String terminator, int quotes) {}

  /**
   * A logical CSV record: the line it starts on and its text, null when some byte of it is not
   * UTF-8.
   */
  private record Record(long line, String text) {}

  private static List<Line> lines(byte[] bytes) {
    List<Line> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' || i == bytes.length - 1) {
        int end = bytes[i] == '\n' ? i : i + 1;
        int to = end > from && bytes[end - 1] == '\r' ? end - 1 : end;
        int quotes = 0;
        for (int j = from; j < to; j++) {
          quotes += bytes[j] == '"' ? 1 : 0;
        }
        byte[] line = Arrays.copyOfRange(bytes, from, to);
        out.add(
            new Line(
                out.size() + 1,
                utf8(line),
                new String(bytes, to, i + 1 - to, StandardCharsets.ISO_8859_1),
                quotes));
        from = i + 1;
      }
    }
    return out;
  }

  /**
   * Groups physical lines into records, skipping blank lines: a record takes the following lines
   * while its quotes are unbalanced (a quoted value with line breaks). One whose quote never closes
   * within {@link #MAX_RECORD_LINES} lines is its first line alone, so it cannot swallow the rest
   * of the file; it then fails to parse and is dropped.
   */
  private static List<Record> records(List<Line> lines) {
    List<Record> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      Line first = lines.get(i);
      if (first.text() != null && first.text().isBlank()) {
        i++;
        continue;
      }
      int end = i + 1;
      int quotes = first.quotes();
      while (quotes % 2 == 1 && end < lines.size() && end - i < MAX_RECORD_LINES) {
        quotes += lines.get(end++).quotes();
      }
      if (quotes % 2 == 1) {
        end = i + 1;
      }
      StringBuilder text = new StringBuilder();
      boolean valid = true;
      for (int j = i; j < end; j++) {
        Line l = lines.get(j);
        valid &= l.text() != null;
        text.append(l.text());
        if (j < end - 1) {
          text.append(l.terminator());
        }
      }
      out.add(new Record(first.number(), valid ? text.toString() : null));
      i = end;
    }
    return out;
  }

  /** The fields of a text that must be exactly one CSV record, or null when it is not. */
  private static List<String> parseOne(String text) {
    try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
      List<CSVRecord> all = parser.getRecords();
      return all.size() == 1 ? all.get(0).toList() : null;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return null;
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return s.indexOf('\u0000') >= 0 ? null : s;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static String script() throws IOException {
    try (InputStream in = SqlMedallion.class.getResourceAsStream("sql_medallion.sql")) {
      if (in == null) {
        throw new IOException("sql_medallion.sql is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
