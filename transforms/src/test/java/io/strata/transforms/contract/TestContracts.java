package io.strata.transforms.contract;

/** Contracts that tests of several packages share. */
public final class TestContracts {
  /** Daily FX rates from a paginated API: one record per date, one silver row per currency. */
  public static final TableContract FX_RATES =
      ContractLoader.fromYaml(
          "fx_rates.yaml",
          String.join(
              "\n",
              "table: fx_rates",
              "source: {kind: http_json, url: 'http://x'}",
              "unnest: {path: rates, key_column: currency, value_column: units_per_eur}",
              "columns:",
              "  - {name: rate_date, path: date, type: date, required: true}",
              "  - {name: currency, required: true, allowed: [USD, GBP]}",
              "  - {name: units_per_eur, type: decimal, required: true, min_exclusive: 0}",
              "key: [rate_date, currency]"));

  private TestContracts() {}
}
