package io.strata.retail.generate;

/** The source tables, in the order the manifest lists them. */
enum Table {
  CUSTOMERS("customers"),
  PRODUCTS("products"),
  ORDERS("orders"),
  ORDER_LINES("order_lines"),
  PAYMENTS("payments"),
  FX_RATES("fx_rates");

  final String key;

  Table(String key) {
    this.key = key;
  }
}
