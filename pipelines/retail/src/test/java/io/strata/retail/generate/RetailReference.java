package io.strata.retail.generate;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An independent re-implementation of SPEC.md's validation, FK and de-duplication rules over the
 * generated files, used to check that the manifest predicts the pipeline exactly.
 */
final class RetailReference {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> COUNTRIES =
      Set.of("DE", "FR", "GB", "US", "ES", "IT", "NL", "PL", "SE", "JP");
  private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP");
  private static final BigDecimal ZERO = BigDecimal.ZERO;
  private static final BigDecimal ONE = BigDecimal.ONE;

  /** What the rules make of one table. */
  static final class Outcome {
    long records;
    long rejected;
    long valid;
    final TreeMap<String, Long> reasons = new TreeMap<>();
    final Set<String> keys = new HashSet<>();

    void accept(List<String> codes, String key) {
      records++;
      if (codes.isEmpty()) {
        valid++;
        keys.add(key);
      } else {
        rejected++;
        codes.forEach(code -> reasons.merge(code, 1L, Long::sum));
      }
    }

    long silver() {
      return keys.size();
    }

    long superseded() {
      return valid - keys.size();
    }
  }

  final Map<String, Outcome> tables = new LinkedHashMap<>();

  /** CSV records that failed to parse or had the wrong column count, per table. */
  final Map<String, List<CsvRecords.Raw>> unreadable = new LinkedHashMap<>();

  long productTags;
  long fxSilver;
  private final Map<String, LocalDate> firstRate = new HashMap<>();

  private RetailReference() {}

  static RetailReference of(Path dir) throws IOException {
    RetailReference reference = new RetailReference();
    reference.fx(dir.resolve("fx/v1/fx-rates"));
    reference.customers(dir.resolve("customers"));
    reference.products(dir.resolve("products"));
    reference.orders(dir.resolve("orders"));
    reference.orderLines(dir.resolve("order_lines"));
    reference.payments(dir.resolve("payments"));
    return reference;
  }

  private Outcome outcome(String table) {
    return tables.computeIfAbsent(table, t -> new Outcome());
  }

  private void fx(Path dir) throws IOException {
    Outcome outcome = new Outcome();
    for (Path page : files(dir)) {
      JsonNode body;
      try {
        body = MAPPER.readTree(Files.readAllBytes(page));
      } catch (IOException e) {
        outcome.accept(List.of(Reason.PARSE_ERROR), null);
        continue;
      }
      for (JsonNode day : body.get("data")) {
        LocalDate date = LocalDate.parse(day.get("date").asText());
        outcome.accept(List.of(), date.toString());
        day.get("rates")
            .fieldNames()
            .forEachRemaining(
                currency -> {
                  fxSilver++;
                  firstRate.merge(currency, date, (a, b) -> a.isBefore(b) ? a : b);
                });
      }
    }
    tables.put("fx_rates", outcome);
  }

  private void customers(Path dir) throws IOException {
    Outcome outcome = outcome("customers");
    for (Path file : files(dir)) {
      for (CsvRecords.Raw raw : readCsv("customers", file)) {
        if (raw.problem() != null) {
          outcome.accept(List.of(raw.problem()), null);
          continue;
        }
        List<String> v = raw.values();
        Checks c = new Checks();
        String id = c.required("customer_id", v.get(0));
        c.pattern("customer_id", id, "^C[0-9]{6}$");
        c.pattern("email", c.required("email", v.get(1)), "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
        c.maxLength("full_name", c.required("full_name", v.get(2)), 200);
        c.allowed("country", c.required("country", v.get(3)), COUNTRIES);
        c.allowed("segment", c.required("segment", v.get(4)), Set.of("consumer", "business"));
        LocalDate signup = c.date("signup_date", c.required("signup_date", v.get(5)));
        OffsetDateTime updated = c.timestamp("updated_at", c.required("updated_at", v.get(6)));
        if (signup != null && updated != null && signup.isAfter(utcDate(updated))) {
          c.reasons.add("signup_date.not_after");
        }
        outcome.accept(c.reasons, id);
      }
    }
  }

  private void products(Path dir) throws IOException {
    Outcome outcome = outcome("products");
    Map<String, Version> winners = new HashMap<>();
    for (Path file : files(dir)) {
      List<String> lines = Files.readAllLines(file, UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        JsonNode node;
        try {
          node = MAPPER.readTree(lines.get(i));
        } catch (IOException e) {
          node = null;
        }
        if (node == null || !node.isObject()) {
          outcome.accept(List.of(Reason.PARSE_ERROR), null);
          continue;
        }
        Checks c = new Checks();
        String sku = c.required("product_id", text(node, "sku"));
        c.pattern("product_id", sku, "^P[0-9]{5}$");
        c.required("name", text(node, "name"));
        c.required("category_id", text(node.path("category"), "id"));
        BigDecimal price =
            c.decimal("list_price", c.required("list_price", text(node.path("price"), "amount")));
        c.range("list_price", price, ZERO, true, null, true);
        c.scale("list_price", price, 2);
        c.allowed("list_currency", text(node.path("price"), "currency"), CURRENCIES);
        if (!node.path("active").isBoolean()) {
          c.reasons.add("active.type");
        }
        OffsetDateTime updated =
            c.timestamp("updated_at", c.required("updated_at", text(node, "updated_at")));
        outcome.accept(c.reasons, sku);
        if (c.reasons.isEmpty()) {
          Version version =
              new Version(
                  updated.toInstant().toEpochMilli(),
                  file.getFileName().toString(),
                  i,
                  node.get("tags"));
          winners.merge(sku, version, (a, b) -> Version.ORDER.compare(a, b) >= 0 ? a : b);
        }
      }
    }
    for (Version winner : winners.values()) {
      Set<String> tags = new HashSet<>();
      winner.tags().forEach(tag -> tags.add(tag.asText().trim().toLowerCase(Locale.ROOT)));
      productTags += tags.size();
    }
  }

  private record Version(long updated, String file, int line, JsonNode tags) {
    static final Comparator<Version> ORDER =
        Comparator.comparingLong(Version::updated)
            .thenComparing(Version::file)
            .thenComparingInt(Version::line);
  }

  private void orders(Path dir) throws IOException {
    Outcome outcome = outcome("orders");
    Set<String> customers = tables.get("customers").keys;
    for (Path file : files(dir)) {
      for (CsvRecords.Raw raw : readCsv("orders", file)) {
        if (raw.problem() != null) {
          outcome.accept(List.of(raw.problem()), null);
          continue;
        }
        List<String> v = raw.values();
        Checks c = new Checks();
        String id = c.required("order_id", v.get(0));
        c.pattern("order_id", id, "^O[0-9]{8}$");
        c.fk("customer_id", c.required("customer_id", v.get(1)), customers);
        OffsetDateTime at = c.timestamp("order_ts", c.required("order_ts", v.get(2)));
        c.allowed("channel", v.get(3), Set.of("web", "store", "app"));
        String currency = v.get(4);
        c.allowed("currency", currency, CURRENCIES);
        if (at != null && CURRENCIES.contains(currency) && !"EUR".equals(currency)) {
          LocalDate first = firstRate.get(currency);
          if (first == null || utcDate(at).isBefore(first)) {
            c.reasons.add("currency.fx_rate_missing");
          }
        }
        c.allowed("status", v.get(5), Set.of("placed", "cancelled"));
        outcome.accept(c.reasons, id);
      }
    }
  }

  private void orderLines(Path dir) throws IOException {
    Outcome outcome = outcome("order_lines");
    Set<String> orders = tables.get("orders").keys;
    Set<String> products = tables.get("products").keys;
    for (Path file : files(dir)) {
      for (CsvRecords.Raw raw : readCsv("order_lines", file)) {
        if (raw.problem() != null) {
          outcome.accept(List.of(raw.problem()), null);
          continue;
        }
        List<String> v = raw.values();
        Checks c = new Checks();
        c.fk("order_id", v.get(0), orders);
        Long lineNo = c.integer("line_no", v.get(1));
        if (lineNo != null && lineNo < 1) {
          c.reasons.add("line_no.range");
        }
        c.fk("product_id", v.get(2), products);
        Long quantity = c.integer("quantity", v.get(3));
        if (quantity != null && (quantity < 1 || quantity > 1000)) {
          c.reasons.add("quantity.range");
        }
        BigDecimal price = c.decimal("unit_price", v.get(4));
        c.range("unit_price", price, ZERO, true, new BigDecimal("100000"), true);
        c.scale("unit_price", price, 2);
        c.range("discount", c.decimal("discount", v.get(5)), ZERO, true, ONE, false);
        outcome.accept(c.reasons, v.get(0) + "/" + v.get(1));
      }
    }
  }

  private void payments(Path dir) throws IOException {
    Outcome outcome = outcome("payments");
    Set<String> orders = tables.get("orders").keys;
    for (Path file : files(dir)) {
      for (String line : Files.readAllLines(file, UTF_8)) {
        JsonNode node;
        try {
          node = MAPPER.readTree(line);
        } catch (IOException e) {
          node = null;
        }
        if (node == null || !node.isObject()) {
          outcome.accept(List.of(Reason.PARSE_ERROR), null);
          continue;
        }
        Checks c = new Checks();
        String id = c.required("payment_id", text(node, "payment_id"));
        c.pattern("payment_id", id, "^PAY[0-9]{7}$");
        c.fk("order_id", c.required("order_id", text(node, "order_id")), orders);
        BigDecimal amount = c.decimal("amount", c.required("amount", text(node, "amount")));
        c.range("amount", amount, ZERO, false, null, true);
        c.allowed("currency", text(node, "currency"), CURRENCIES);
        c.allowed("method", text(node, "method"), Set.of("card", "paypal", "bank_transfer"));
        c.allowed(
            "status", text(node, "status"), Set.of("authorized", "captured", "failed", "refunded"));
        c.timestamp("event_ts", c.required("event_ts", text(node, "event_ts")));
        outcome.accept(c.reasons, id);
      }
    }
  }

  private List<CsvRecords.Raw> readCsv(String table, Path file) throws IOException {
    List<CsvRecords.Raw> records = CsvRecords.read(file);
    for (CsvRecords.Raw raw : records) {
      if (Reason.PARSE_ERROR.equals(raw.problem()) || Reason.COLUMN_COUNT.equals(raw.problem())) {
        unreadable.computeIfAbsent(table, t -> new ArrayList<>()).add(raw);
      }
    }
    return records;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static LocalDate utcDate(OffsetDateTime time) {
    return time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
