package io.strata.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.contract.ContractLoader;
import io.strata.transforms.contract.TableContract;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Test;

public class FileSourceTest {
  static final TableContract PEOPLE =
      ContractLoader.fromYaml(
          "people.yaml",
          String.join(
              "\n",
              "table: people",
              "source: {kind: csv, path: 'people/*.csv'}",
              "columns: [{name: id}, {name: name}, {name: city}]",
              "key: [id]"));

  /** Reads the contract's files as a run does, each into the list in file order. */
  private static List<BronzeRecord> read(TableContract contract, Path input) throws Exception {
    List<BronzeRecord> out = new ArrayList<>();
    Path dir = input.resolve(contract.source().path()).getParent();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          FileSource.format(contract).read(input.relativize(file).toString(), in, out::add);
        }
      }
    }
    return out;
  }

  @Test
  public void keepsEveryCsvRecordWithItsLineAndFlagsTheUnreadableOnes() throws Exception {
    Path input = Files.createDirectories(Path.of("target", "file-source-" + System.nanoTime()));
    Files.createDirectories(input.resolve("people"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(
        String.join(
                "\r\n",
                "id,name,city",
                "1,\"Smith, Ann\",Köln", // line 2: a comma inside quotes, non-ASCII
                "2,\"Multi", // line 3: a value spanning two lines
                "line \"\"quoted\"\"\",Paris", // line 4
                "3,Bob,Berlin,extra", // line 5: wrong column count
                "4,\"Ann \"Bee\" Smith\",Rome", // line 6: broken quoting
                "")
            .getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("5,Caf".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xC3);
    bytes.write(0x28); // line 7: invalid UTF-8
    bytes.writeBytes(
        ",Oslo\r\n\r\n6,Eve,Lima\r\n"
            .getBytes(StandardCharsets.UTF_8)); // a blank line, then line 9
    Files.write(input.resolve("people/p_2026-01-01.csv"), bytes.toByteArray());

    List<BronzeRecord> rs = read(PEOPLE, input);
    Map<Long, BronzeRecord> byLine = new TreeMap<>();
    rs.forEach(r -> byLine.put(r.position, r));
    assertThat(byLine).containsOnlyKeys(2L, 3L, 5L, 6L, 7L, 9L);
    assertThat(byLine.values()).allMatch(r -> r.source.equals("people/p_2026-01-01.csv"));
    assertThat(byLine.get(2L).values)
        .isEqualTo(Map.of("id", "1", "name", "Smith, Ann", "city", "Köln"));
    assertThat(byLine.get(2L).payload).as("the fields stand for the line").isNull();
    assertThat(byLine.get(3L).values)
        .isEqualTo(Map.of("id", "2", "name", "Multi\r\nline \"quoted\"", "city", "Paris"));
    assertThat(byLine.get(5L).rejectCode).isEqualTo(RecordCodes.COLUMN_COUNT);
    assertThat(byLine.get(6L).rejectCode).isEqualTo(RecordCodes.PARSE_ERROR);
    assertThat(byLine.get(6L).payload).isEqualTo("4,\"Ann \"Bee\" Smith\",Rome");
    assertThat(byLine.get(7L).rejectCode).isEqualTo(RecordCodes.ENCODING);
    assertThat(byLine.get(7L).payload).isEqualTo("5,Caf\uFFFD(,Oslo");
    assertThat(byLine.get(9L).rejectCode).isNull();
  }

  static final TableContract THINGS =
      ContractLoader.fromYaml(
          "things.yaml",
          String.join(
              "\n",
              "table: things",
              "source: {kind: jsonl, path: 'things/*.jsonl'}",
              "columns: [{name: id}]",
              "key: [id]"));

  @Test
  public void aByteOrderMarkIsNotPartOfTheFirstRecord() throws Exception {
    Path input = Files.createDirectories(Path.of("target", "file-source-" + System.nanoTime()));
    Files.createDirectories(input.resolve("people"));
    Files.createDirectories(input.resolve("things"));
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes(bom);
    csv.writeBytes("id,name,city\n1,Ann,Oslo\n".getBytes(StandardCharsets.UTF_8));
    Files.write(input.resolve("people/p.csv"), csv.toByteArray());
    ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
    jsonl.writeBytes(bom);
    jsonl.writeBytes("{\"id\":\"T1\"}\n".getBytes(StandardCharsets.UTF_8));
    Files.write(input.resolve("things/t.jsonl"), jsonl.toByteArray());

    assertThat(read(PEOPLE, input))
        .extracting(r -> r.values)
        .containsExactly(Map.of("id", "1", "name", "Ann", "city", "Oslo"));
    assertThat(read(THINGS, input)).extracting(r -> r.values).containsExactly(Map.of("id", "T1"));
  }

  @Test
  public void rejectsJsonThatIsNotOneObjectOrThatPostgresCannotStore() throws Exception {
    Path input =
        Files.createDirectories(Path.of("target", "file-source-" + System.nanoTime(), "things"));
    Files.writeString(
        input.resolve("t.jsonl"),
        String.join(
            "\n",
            "{\"id\":\"T1\"}",
            "{\"id\":\"T2\"},", // line 2: a trailing comma
            "{\"id\":\"T3\",\"name\":\"nul \\u0000 inside\"}", // line 3: NUL, escaped
            "{\"id\":\"T4\",\"name\":\"half \\ud83d pair\"}", // line 4: a lone surrogate
            "{\"id\":\"T5\",\"size\":1e999999}", // line 5: beyond numeric
            "{\"id\":\"T6\",\"name\":\"\\ud83d\\ude00 is fine\"}", // line 6: a whole pair
            "[\"T7\"]", // line 7: not an object
            ""));

    List<BronzeRecord> rs = read(THINGS, input.getParent());
    Map<Long, BronzeRecord> byLine = new TreeMap<>();
    rs.forEach(r -> byLine.put(r.position, r));
    assertThat(byLine).containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(byLine.get(1L).rejectCode).isNull();
    assertThat(byLine.get(2L).rejectCode).isEqualTo(RecordCodes.PARSE_ERROR);
    assertThat(byLine.get(2L).rejectMessage).contains("','");
    assertThat(byLine.get(2L).payload).isEqualTo("{\"id\":\"T2\"},");
    assertThat(byLine.get(3L).rejectCode).isEqualTo(RecordCodes.ENCODING);
    assertThat(byLine.get(3L).rejectMessage).contains("NUL");
    assertThat(byLine.get(3L).values).isEmpty();
    assertThat(byLine.get(4L).rejectCode).isEqualTo(RecordCodes.ENCODING);
    assertThat(byLine.get(4L).rejectMessage).contains("surrogate");
    assertThat(byLine.get(5L).rejectCode).isEqualTo(RecordCodes.PARSE_ERROR);
    assertThat(byLine.get(5L).rejectMessage).contains("numeric");
    assertThat(byLine.get(6L).rejectCode).isNull();
    assertThat(byLine.get(7L).rejectMessage).isEqualTo("not a JSON object");
  }

  @Test
  public void anUnclosedQuoteRejectsOnlyItsOwnLine() throws Exception {
    Path input =
        Files.createDirectories(Path.of("target", "file-source-" + System.nanoTime(), "people"));
    StringBuilder csv = new StringBuilder("id,name,city\n1,\"never closed,Oslo\n");
    for (int i = 2; i <= 30; i++) {
      csv.append(i).append(",P").append(i).append(",X\n");
    }
    Files.writeString(input.resolve("p.csv"), csv);

    List<BronzeRecord> rs = read(PEOPLE, input.getParent());
    assertThat(rs).hasSize(30);
    assertThat(rs)
        .filteredOn(r -> r.rejectCode != null)
        .extracting(r -> r.position)
        .containsExactly(2L);
  }
}
