package io.strata.retail.generate;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tallies of all file-based tables, turned into the manifest's per-table maps. */
final class Tally {
  private static final String PRODUCT_TAGS = "product_tags";

  private final EnumMap<Table, TableTally> tables = new EnumMap<>(Table.class);

  Tally() {
    for (Table table : Table.values()) {
      tables.put(table, new TableTally());
    }
  }

  TableTally of(Table table) {
    return tables.get(table);
  }

  Manifest manifest(GeneratorConfig config, Manifest.FxApi fx, long productTags, Planted planted) {
    recordFx(fx);
    Map<String, Long> records = new LinkedHashMap<>();
    Map<String, Map<String, Long>> quarantine = new LinkedHashMap<>();
    Map<String, Long> quarantined = new LinkedHashMap<>();
    Map<String, Long> silver = new LinkedHashMap<>();
    Map<String, Long> superseded = new LinkedHashMap<>();
    tables.forEach(
        (table, tally) -> {
          records.put(table.key, tally.records());
          quarantine.put(table.key, tally.reasons());
          quarantined.put(table.key, tally.rejected());
          silver.put(table.key, tally.silver());
          if (table == Table.PRODUCTS) {
            silver.put(PRODUCT_TAGS, productTags);
          }
          superseded.put(table.key, tally.superseded());
        });
    // The FX tally counts dates; silver holds one row per date and currency.
    silver.put(Table.FX_RATES.key, (long) fx.publishedDates() * FxRates.CURRENCIES.size());
    superseded.put(Table.FX_RATES.key, 0L);
    Manifest.Settings settings =
        new Manifest.Settings(
            config.seed(),
            config.days(),
            config.customers(),
            config.products(),
            config.startDate().toString());
    return new Manifest(
        "strata-retail-generator/1",
        settings,
        records,
        quarantine,
        quarantined,
        silver,
        superseded,
        fx,
        planted);
  }

  /** FX records: one per element of data on valid pages, plus the malformed page. */
  private void recordFx(Manifest.FxApi fx) {
    TableTally tally = tables.get(Table.FX_RATES);
    for (int i = 0; i < fx.publishedDates(); i++) {
      tally.accept(List.of(), true);
    }
    tally.accept(List.of(Reason.PARSE_ERROR), false);
  }
}
