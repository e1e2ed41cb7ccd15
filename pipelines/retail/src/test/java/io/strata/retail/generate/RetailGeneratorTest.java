package io.strata.retail.generate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RetailGeneratorTest {
  private static final File PARENT = new File("target/tmp");
  private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);
  private static final List<String> CSV_TABLES = List.of("customers", "orders", "order_lines");

  static {
    PARENT.mkdirs();
  }

  @ClassRule
  public static final TemporaryFolder SHARED =
      TemporaryFolder.builder().parentFolder(PARENT).assureDeletion().build();

  @Rule
  public final TemporaryFolder tmp =
      TemporaryFolder.builder().parentFolder(PARENT).assureDeletion().build();

  private static Path small;
  private static Manifest smallManifest;
  private static RetailReference smallReference;

  @BeforeClass
  public static void generateSmall() throws IOException {
    small = SHARED.newFolder("small").toPath();
    smallManifest = RetailGenerator.generate(smallConfig(small, 7));
    smallReference = RetailReference.of(small);
  }

  private static GeneratorConfig smallConfig(Path dir, long seed) {
    return GeneratorConfig.defaults(dir).withSeed(seed).withDays(14).withCustomers(200);
  }

  @Test
  public void sameSeedWritesIdenticalBytes() throws IOException {
    Path again = tmp.newFolder("again").toPath();
    RetailGenerator.generate(smallConfig(again, 7));

    Map<String, String> first = digests(small);
    assertThat(first).hasSizeGreaterThan(60);
    assertThat(digests(again)).isEqualTo(first);
  }

  @Test
  public void otherSeedWritesOtherBytes() throws IOException {
    Path other = tmp.newFolder("other").toPath();
    RetailGenerator.generate(smallConfig(other, 8));

    Map<String, String> first = digests(small);
    Map<String, String> second = digests(other);
    assertThat(second.keySet())
        .containsAll(
            List.of(
                "orders/orders_2026-01-05.csv",
                "payments/payments_2026-01-18.jsonl",
                "manifest.json"));
    for (String file :
        List.of(
            "customers/customers_2026-01-05.csv",
            "products/products_2026-01-05.jsonl",
            "orders/orders_2026-01-10.csv",
            "order_lines/order_lines_2026-01-10.csv",
            "payments/payments_2026-01-10.jsonl",
            "fx/v1/fx-rates/page-0001.json")) {
      assertThat(second.get(file)).as(file).isNotEqualTo(first.get(file));
    }
  }

  @Test
  public void manifestPredictsWhatTheRulesMakeOfTheFiles() {
    assertMatches(smallManifest, smallReference);
  }

  @Test
  public void manifestReadsBack() throws IOException {
    assertThat(Manifest.read(small.resolve(Manifest.FILE_NAME))).isEqualTo(smallManifest);
    assertThat(smallManifest.config())
        .isEqualTo(new Manifest.Settings(7, 14, 200, 300, "2026-01-05"));
    assertThat(smallManifest.planted().driftDate()).isEqualTo("2026-01-12");
    assertThat(smallManifest.planted().repurchase().after().segment().get("business"))
        .isLessThan(smallManifest.planted().repurchase().before().segment().get("business"));
  }

  @Test
  public void everyDefectIsPlantedAndCascades() {
    for (Defect defect : Defect.values()) {
      for (String reason : defect.reasons) {
        assertThat(smallManifest.quarantined(defect.table.key, reason))
            .as(defect + " " + reason)
            .isPositive();
      }
    }
    assertThat(smallManifest.quarantined("orders", Reason.FX_MISSING)).isPositive();
    assertThat(smallManifest.quarantined("orders", Reason.CUSTOMER_FK)).isPositive();
    // Lines and payments of rejected orders, beyond the few planted unknown orders.
    assertThat(smallManifest.quarantined("order_lines", Reason.ORDER_FK))
        .isGreaterThan(Defect.LINE_UNKNOWN_ORDER.perRun);
    assertThat(smallManifest.quarantined("payments", Reason.ORDER_FK))
        .isGreaterThan(Defect.PAYMENT_UNKNOWN_ORDER.perRun);
    assertThat(smallManifest.quarantined("fx_rates", Reason.PARSE_ERROR)).isEqualTo(1);
    for (String table : List.of("customers", "products", "orders", "order_lines", "payments")) {
      assertThat(smallManifest.superseded().get(table)).as(table).isPositive();
    }
  }

  @Test
  public void brokenQuotingFailsToParseAndColumnCountRowsHaveOtherWidths() throws IOException {
    for (String table : CSV_TABLES) {
      int columns = header(table).size();
      List<CsvRecords.Raw> broken = new ArrayList<>();
      List<CsvRecords.Raw> wrongWidth = new ArrayList<>();
      for (CsvRecords.Raw raw : smallReference.unreadable.getOrDefault(table, List.of())) {
        (raw.problem().equals(Reason.PARSE_ERROR) ? broken : wrongWidth).add(raw);
      }
      assertThat(broken)
          .as(table)
          .hasSize((int) smallManifest.quarantined(table, Reason.PARSE_ERROR))
          .isNotEmpty();
      assertThat(wrongWidth)
          .as(table)
          .hasSize((int) smallManifest.quarantined(table, Reason.COLUMN_COUNT))
          .isNotEmpty();
      for (CsvRecords.Raw raw : broken) {
        // One physical line with an even number of quotes, which commons-csv still rejects.
        assertThat(raw.physicalLines()).isEqualTo(1);
        assertThat(raw.text().chars().filter(c -> c == '"').count() % 2).isZero();
        assertThatThrownBy(() -> parse(raw.text()))
            .isInstanceOfAny(IOException.class, UncheckedIOException.class);
      }
      for (CsvRecords.Raw raw : wrongWidth) {
        assertThat(raw.values().size()).as(raw.text()).isPositive().isNotEqualTo(columns);
      }
    }
  }

  @Test
  public void csvFilesHaveTheDomainHeaders() throws IOException {
    for (String table : CSV_TABLES) {
      for (Path file : RetailReference.files(small.resolve(table))) {
        // Some files hold a line that is not UTF-8 further down: read the first line only.
        byte[] bytes = Files.readAllBytes(file);
        int end = 0;
        while (bytes[end] != '\n') {
          end++;
        }
        assertThat(new String(bytes, 0, end, UTF_8)).isEqualTo(String.join(",", header(table)));
      }
    }
  }

  @Test
  public void fxPagesChainAndExactlyOneIsMalformed() throws IOException {
    List<Path> pages = RetailReference.files(small.resolve("fx/v1/fx-rates"));
    Manifest.FxApi api = smallManifest.fxApi();
    assertThat(pages).hasSize(api.pages()).hasSizeGreaterThanOrEqualTo(3);
    ObjectMapper mapper = new ObjectMapper();
    List<Integer> malformed = new ArrayList<>();
    LocalDate previous = null;
    for (int page = 1; page <= pages.size(); page++) {
      Path file = pages.get(page - 1);
      assertThat(file.getFileName().toString()).isEqualTo(String.format("page-%04d.json", page));
      JsonNode body;
      try {
        body = mapper.readTree(file.toFile());
      } catch (IOException e) {
        malformed.add(page);
        continue;
      }
      assertThat(body.get("base").asText()).isEqualTo("EUR");
      assertThat(body.get("page").asInt()).isEqualTo(page);
      JsonNode next = body.get("next_page");
      if (page == pages.size()) {
        assertThat(next.isNull()).isTrue();
      } else {
        assertThat(next.asInt()).isEqualTo(page + 1);
      }
      for (JsonNode day : body.get("data")) {
        LocalDate date = LocalDate.parse(day.get("date").asText());
        assertThat(date.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        if (previous == null) {
          assertThat(date).isEqualTo(MONDAY.plusDays(3));
        } else {
          assertThat(date).isAfter(previous);
        }
        previous = date;
        assertThat(day.get("rates").get("USD").asText()).matches("\\d\\.\\d{4}");
        assertThat(day.get("rates").get("GBP").asText()).matches("\\d\\.\\d{4}");
      }
    }
    assertThat(malformed).containsExactly(api.malformedPage());
    assertThat(api.malformedPage()).isBetween(2, api.pages() - 1);
  }

  @Test
  public void validDataNeedsQuotingAndUtcDates() throws IOException {
    Path dir = tmp.newFolder("wide").toPath();
    RetailGenerator.generate(GeneratorConfig.defaults(dir).withSeed(3).withDays(7));

    List<String> names = new ArrayList<>();
    for (CsvRecords.Raw raw : CsvRecords.read(dir.resolve("customers/customers_2026-01-05.csv"))) {
      assertThat(raw.problem()).isNull();
      names.add(raw.values().get(Customer.FULL_NAME));
    }
    assertThat(names)
        .anyMatch(name -> name.contains(","))
        .anyMatch(name -> name.contains("\""))
        .anyMatch(name -> name.contains("\n"))
        .anyMatch(name -> name.chars().anyMatch(c -> c > 127));

    List<String> offsets = new ArrayList<>();
    int otherUtcDate = 0;
    for (Path file : RetailReference.files(dir.resolve("orders"))) {
      String fileDate = file.getFileName().toString().substring(7, 17);
      for (CsvRecords.Raw raw : CsvRecords.read(file)) {
        // Planted defects aside, every order has a timestamp with an offset.
        Checks checks = new Checks();
        OffsetDateTime at =
            raw.problem() == null
                ? checks.timestamp("order_ts", raw.values().get(OrderMaker.ORDER_TS))
                : null;
        if (at != null) {
          offsets.add(raw.values().get(OrderMaker.ORDER_TS).substring(19));
          if (!at.atZoneSameInstant(ZoneOffset.UTC).toLocalDate().toString().equals(fileDate)) {
            otherUtcDate++;
          }
        }
      }
    }
    assertThat(offsets).contains("Z", "+01:00", "-05:00", "+09:00");
    assertThat(otherUtcDate).isGreaterThan(offsets.size() / 50);
  }

  @Test
  public void rerunInTheSameFolderLeavesNoStaleDays() throws IOException {
    Path dir = tmp.newFolder("rerun").toPath();
    RetailGenerator.generate(smallConfig(dir, 1));
    RetailGenerator.generate(
        GeneratorConfig.defaults(dir).withSeed(1).withDays(7).withCustomers(200));

    assertThat(RetailReference.files(dir.resolve("orders"))).hasSize(7);
    assertMatches(Manifest.read(dir.resolve(Manifest.FILE_NAME)), RetailReference.of(dir));
  }

  @Test
  public void rejectsConfigsItCannotServe() {
    assertThatThrownBy(() -> GeneratorConfig.defaults(Path.of("x")).withDays(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("days");
    assertThatThrownBy(() -> GeneratorConfig.defaults(Path.of("x")).withCustomers(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customers");
    GeneratorConfig defaults = GeneratorConfig.defaults(Path.of("x"));
    assertThat(defaults).isEqualTo(new GeneratorConfig(Path.of("x"), 42, 90, 2000, MONDAY));
    assertThat(defaults.products()).isEqualTo(300);
  }

  private static void assertMatches(Manifest manifest, RetailReference reference) {
    reference.tables.forEach(
        (table, outcome) -> {
          assertThat(manifest.records().get(table))
              .as(table + " records")
              .isEqualTo(outcome.records);
          assertThat(manifest.quarantine().get(table))
              .as(table + " reasons")
              .isEqualTo(outcome.reasons);
          assertThat(manifest.quarantinedRecords().get(table))
              .as(table + " quarantined")
              .isEqualTo(outcome.rejected);
          if (!table.equals("fx_rates")) {
            assertThat(manifest.silver().get(table))
                .as(table + " silver")
                .isEqualTo(outcome.silver());
          }
          assertThat(manifest.superseded().get(table))
              .as(table + " superseded")
              .isEqualTo(outcome.superseded());
        });
    assertThat(reference.tables).hasSize(6);
    assertThat(manifest.silver().get("product_tags")).isEqualTo(reference.productTags);
    assertThat(manifest.silver().get("fx_rates")).isEqualTo(reference.fxSilver);
  }

  private static List<String> header(String table) {
    return switch (table) {
      case "customers" -> Customer.HEADER;
      case "orders" -> OrderMaker.ORDER_HEADER;
      default -> OrderMaker.LINE_HEADER;
    };
  }

  private static void parse(String text) throws IOException {
    try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
      parser.getRecords();
    }
  }

  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        digests.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
      }
    }
    return digests;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
