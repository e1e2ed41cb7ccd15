package io.strata.bench;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.jdbc.PgCopy;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * The rows Strata's bronze stage writes for the clean order-line files (lineage, the raw line, the
 * record as JSON, a run id) as COPY text files, prepared before any clock starts: {@code
 * copy-bronze} loads them with a plain COPY loop, the floor for bronze's own format. The gap
 * between it and {@code copy} is what bronze stores beyond the bare columns; the gap between it and
 * {@code strata-*} is Strata's.
 */
public final class BronzeRows {
  static final String FOLDER = "bronze_rows";
  static final List<String> COLUMNS = List.of("source", "position", "payload", "record", "run_id");

  private BronzeRows() {}

  /**
   * Writes {@code cleanDir/bronze_rows/<file>.tsv} for every clean order-line file, unless already
   * there.
   */
  public static void write(Path cleanDir) throws IOException {
    Path target = Files.createDirectories(cleanDir.resolve(FOLDER));
    for (Path file : BenchTask.files(cleanDir)) {
      Path out = target.resolve(file.getFileName() + ".tsv");
      if (Files.exists(out)) {
        continue;
      }
      String source = "order_lines/" + file.getFileName();
      // The clean files hold one record per physical line (CleanLines keeps lines whole), so a
      // line's number is its position.
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> header = fields(lines.get(0));
      Path partial = target.resolve(file.getFileName() + ".tsv.partial");
      try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        StringBuilder row = new StringBuilder(256);
        for (int i = 1; i < lines.size(); i++) {
          Object[] cells = {
            source,
            i + 1,
            lines.get(i),
            BronzeRecord.csvRecord(header, fields(lines.get(i))),
            "copy-bronze"
          };
          row.setLength(0);
          for (int c = 0; c < cells.length; c++) {
            row.append(c == 0 ? "" : "\t");
            PgCopy.appendCell(row, cells[c]);
          }
          w.append(row).append('\n');
        }
      }
      Files.move(partial, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static List<Path> files(Path cleanDir) throws IOException {
    try (var files = Files.list(cleanDir.resolve(FOLDER))) {
      return files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList();
    }
  }

  private static List<String> fields(String line) throws IOException {
    try (CSVParser parser = CSVParser.parse(line, CSVFormat.RFC4180)) {
      return parser.getRecords().get(0).toList();
    }
  }
}
