package io.strata.retail.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Writes what the sample FX API serves: {@code fx/v1/fx-rates/page-NNNN.json}, each a complete
 * response body chained by {@code next_page}. One page in the middle is cut off half-way, as a
 * flaky server would send it.
 */
final class FxPages {
  private static final int DATES_PER_PAGE = 20;

  private FxPages() {}

  static Manifest.FxApi write(Path outputDir, FxRates rates, Rng rng) throws IOException {
    Path dir = Files.createDirectories(outputDir.resolve("fx/v1/fx-rates"));
    List<LocalDate> dates = rates.publishedDates();
    // Small periods get shorter pages: the malformed page needs a valid page on either side.
    int perPage = Math.max(1, Math.min(DATES_PER_PAGE, dates.size() / 3));
    int pages = (dates.size() + perPage - 1) / perPage;
    int malformed = rng.between(2, pages - 1);
    int published = 0;
    for (int page = 1; page <= pages; page++) {
      List<LocalDate> slice =
          dates.subList((page - 1) * perPage, Math.min(dates.size(), page * perPage));
      byte[] body = JsonTable.MAPPER.writeValueAsBytes(body(rates, page, pages, slice));
      if (page == malformed) {
        body = Arrays.copyOf(body, body.length / 2);
      } else {
        published += slice.size();
      }
      Files.write(dir.resolve(String.format("page-%04d.json", page)), body);
    }
    return new Manifest.FxApi(
        pages,
        malformed,
        perPage,
        rates.firstRateDate.toString(),
        rates.lastRateDate.toString(),
        published);
  }

  private static ObjectNode body(FxRates rates, int page, int pages, List<LocalDate> dates) {
    ObjectNode body = JsonTable.MAPPER.createObjectNode();
    body.put("base", "EUR");
    body.put("page", page);
    if (page < pages) {
      body.put("next_page", page + 1);
    } else {
      body.putNull("next_page");
    }
    ArrayNode data = body.putArray("data");
    for (LocalDate date : dates) {
      ObjectNode day = data.addObject();
      day.put("date", date.toString());
      ObjectNode perEur = day.putObject("rates");
      for (String currency : FxRates.CURRENCIES) {
        perEur.put(currency, rates.perEur(currency, date).toPlainString());
      }
    }
    return body;
  }
}
