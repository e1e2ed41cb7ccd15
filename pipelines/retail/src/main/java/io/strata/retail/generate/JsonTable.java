package io.strata.retail.generate;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * One JSON Lines source: a file per day named {@code <table>_YYYY-MM-DD.jsonl}, one compact object
 * per line, field order as written. Counts every line in the table's tally.
 */
final class JsonTable implements Closeable {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Writes one object's fields in order. */
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private final Path dir;
  private final TableTally tally;
  private JsonGenerator json;

  JsonTable(Path dir, TableTally tally) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.tally = tally;
  }

  void open(LocalDate date) throws IOException {
    close();
    Path file = dir.resolve(dir.getFileName() + "_" + date + ".jsonl");
    json = MAPPER.createGenerator(Files.newBufferedWriter(file, UTF_8));
    // No separator between root values: each line ends with the newline written below.
    json.setPrettyPrinter(new MinimalPrettyPrinter(""));
  }

  void write(Body body, List<String> reasons, boolean newKey) throws IOException {
    json.writeStartObject();
    body.write(json);
    json.writeEndObject();
    json.writeRaw('\n');
    tally.accept(reasons, newKey);
  }

  void write(JsonNode node, List<String> reasons, boolean newKey) throws IOException {
    MAPPER.writeTree(json, node);
    json.writeRaw('\n');
    tally.accept(reasons, newKey);
  }

  /** A line that is not JSON at all. */
  void writeNotJson(String line) throws IOException {
    json.writeRaw(line);
    json.writeRaw('\n');
    tally.accept(List.of(Reason.PARSE_ERROR), false);
  }

  @Override
  public void close() throws IOException {
    if (json != null) {
      json.close();
      json = null;
    }
  }
}
