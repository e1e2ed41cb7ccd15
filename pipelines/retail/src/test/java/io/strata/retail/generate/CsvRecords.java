package io.strata.retail.generate;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file the way the pipeline does: a record starts on a physical line, lines are joined
 * while the quotes seen are odd (at most 20), each record is decoded strictly as UTF-8 and parsed
 * alone with commons-csv RFC 4180.
 */
final class CsvRecords {
  private static final int MAX_LINES = 20;

  /** One logical record: its values, or why it cannot be read. */
  record Raw(int position, List<String> values, String problem, int physicalLines, String text) {}

  private CsvRecords() {}

  static List<Raw> read(Path file) throws IOException {
    List<byte[]> lines = physicalLines(Files.readAllBytes(file));
    int columns =
        CSVFormat.RFC4180
            .parse(new StringReader(new String(lines.get(0), UTF_8)))
            .getRecords()
            .get(0)
            .size();
    List<Raw> records = new ArrayList<>();
    int i = 1;
    while (i < lines.size()) {
      int position = i;
      List<byte[]> joined = new ArrayList<>(List.of(lines.get(i)));
      int quotes = quotes(lines.get(i));
      while (quotes % 2 == 1 && joined.size() < MAX_LINES && i + 1 < lines.size()) {
        i++;
        joined.add(lines.get(i));
        quotes += quotes(lines.get(i));
      }
      i++;
      records.add(parse(position, join(joined), joined.size(), columns));
    }
    return records;
  }

  private static Raw parse(int position, byte[] bytes, int physical, int columns) {
    String text;
    try {
      text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return new Raw(position, null, Reason.ENCODING, physical, null);
    }
    List<CSVRecord> parsed;
    try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
      parsed = parser.getRecords();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return new Raw(position, null, Reason.PARSE_ERROR, physical, text);
    }
    if (parsed.size() != 1) {
      return new Raw(position, null, Reason.PARSE_ERROR, physical, text);
    }
    List<String> values = parsed.get(0).toList();
    if (values.size() != columns) {
      return new Raw(position, values, Reason.COLUMN_COUNT, physical, text);
    }
    return new Raw(position, values, null, physical, text);
  }

  private static List<byte[]> physicalLines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.add(Arrays.copyOfRange(content, from, i));
        from = i + 1;
      }
    }
    if (from < content.length) {
      lines.add(Arrays.copyOfRange(content, from, content.length));
    }
    return lines;
  }

  private static int quotes(byte[] line) {
    int count = 0;
    for (byte b : line) {
      if (b == '"') {
        count++;
      }
    }
    return count;
  }

  private static byte[] join(List<byte[]> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        out.write('\n');
      }
      out.writeBytes(lines.get(i));
    }
    return out.toByteArray();
  }
}
