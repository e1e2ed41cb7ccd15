package io.strata.retail.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What was generated and what the pipeline must make of it, per table: records read, records
 * quarantined by reason code, rows in silver and records superseded by de-duplication. Written as
 * {@code manifest.json}; maps keep a fixed order so the file is byte-stable.
 */
@JsonPropertyOrder({
  "generator",
  "config",
  "records",
  "quarantine",
  "quarantined_records",
  "silver",
  "superseded",
  "fx_api",
  "planted"
})
public record Manifest(
    String generator,
    Settings config,
    Map<String, Long> records,
    Map<String, Map<String, Long>> quarantine,
    @JsonProperty("quarantined_records") Map<String, Long> quarantinedRecords,
    Map<String, Long> silver,
    Map<String, Long> superseded,
    @JsonProperty("fx_api") FxApi fxApi,
    Planted planted) {

  public static final String FILE_NAME = "manifest.json";

  /** The generator config that produced the files. */
  @JsonPropertyOrder({"seed", "days", "customers", "products", "startDate"})
  public record Settings(long seed, int days, int customers, int products, String startDate) {}

  /**
   * The FX pages: how many, which one is malformed, and the business days the valid pages publish
   * (each with a USD and a GBP rate).
   */
  @JsonPropertyOrder({
    "pages",
    "malformed_page",
    "dates_per_page",
    "first_rate_date",
    "last_rate_date",
    "published_dates"
  })
  public record FxApi(
      int pages,
      @JsonProperty("malformed_page") int malformedPage,
      @JsonProperty("dates_per_page") int datesPerPage,
      @JsonProperty("first_rate_date") String firstRateDate,
      @JsonProperty("last_rate_date") String lastRateDate,
      @JsonProperty("published_dates") int publishedDates) {}

  public static Manifest read(Path file) throws IOException {
    return JsonTable.MAPPER.readValue(file.toFile(), Manifest.class);
  }

  void write(Path file) throws IOException {
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    byte[] json = JsonTable.MAPPER.writer(pretty).writeValueAsBytes(this);
    Files.write(file, json);
  }

  /** How many records of the table carry the reason code (0 when none). */
  public long quarantined(String table, String reason) {
    return quarantine.getOrDefault(table, Map.of()).getOrDefault(reason, 0L);
  }
}
