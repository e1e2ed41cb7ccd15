package io.strata.bench;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The order-line files every contender loads: the generated ones without the few records a plain
 * COPY or pandas would stop at (not UTF-8, not CSV, a wrong column count). Strata would quarantine
 * those; the others cannot, so all of them get the same clean rows and their counts can be checked.
 */
public final class CleanLines {
  private CleanLines() {}

  /**
   * Writes the clean copies of {@code inputDir/order_lines/*.csv} under {@code outDir/order_lines};
   * returns the data rows.
   */
  public static long write(Path inputDir, Path outDir) throws IOException {
    Path target = Files.createDirectories(outDir.resolve("order_lines"));
    long rows = 0;
    try (Stream<Path> files = Files.list(inputDir.resolve("order_lines"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
        List<String> kept = new ArrayList<>();
        int columns = -1;
        for (byte[] line : lines(Files.readAllBytes(file))) {
          String text = utf8(line);
          if (text == null || text.isBlank()) {
            continue;
          }
          int fields = fields(text);
          if (columns < 0) {
            columns = fields;
          } else if (fields != columns) {
            continue;
          }
          kept.add(text);
        }
        rows += Math.max(0, kept.size() - 1);
        Files.write(target.resolve(file.getFileName()), kept, StandardCharsets.UTF_8);
      }
    }
    return rows;
  }

  private static List<byte[]> lines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int to = i > from && bytes[i - 1] == '\r' ? i - 1 : i;
        byte[] line = new byte[to - from];
        System.arraycopy(bytes, from, line, 0, line.length);
        out.add(line);
        from = i + 1;
      }
    }
    return out;
  }

  private static String utf8(byte[] line) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Fields of one physical line as one CSV record; -1 when it is not one complete record. */
  private static int fields(String line) {
    try (CSVParser p = CSVParser.parse(new StringReader(line), CSVFormat.RFC4180)) {
      List<CSVRecord> records = p.getRecords();
      return records.size() == 1 ? records.get(0).size() : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
