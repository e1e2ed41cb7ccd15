package io.strata.transforms.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.Test;

/** The split without a parser must read every unquoted record exactly as commons-csv does. */
public class CsvFileTest {
  private static List<String> commonsCsv(String text) throws IOException {
    try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
      return parser.getRecords().get(0).toList();
    }
  }

  @Test
  public void unquotedRecordsSplitAsCommonsCsvParsesThem() throws IOException {
    Random random = new Random(7);
    String alphabet = "ab ,,\t;'é€x1.-";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(24);
      for (int j = 0; j < length; j++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (text.toString().isBlank()) {
        continue; // the splitter skips blank lines before they are parsed
      }
      assertThat(CsvFile.fields(text.toString()))
          .as("[%s]", text)
          .isEqualTo(commonsCsv(text.toString()));
    }
  }

  @Test
  public void quotedRecordsAndEdgeCasesAgree() throws IOException {
    for (String text :
        List.of(
            "a,b,",
            ",",
            ",,x",
            "\"a,b\",c",
            "\"he said \"\"hi\"\"\",2",
            "\"multi\nline\",3",
            " a , b ")) {
      assertThat(CsvFile.fields(text)).as(text).isEqualTo(commonsCsv(text));
    }
  }
}
