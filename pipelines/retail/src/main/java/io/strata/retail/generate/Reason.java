package io.strata.retail.generate;

/** Reason codes used in more than one place; the others live with their {@link Defect}. */
final class Reason {
  static final String PARSE_ERROR = "row.parse_error";
  static final String COLUMN_COUNT = "row.column_count";
  static final String ENCODING = "row.encoding";
  static final String CUSTOMER_FK = "customer_id.fk_missing";
  static final String ORDER_FK = "order_id.fk_missing";
  static final String PRODUCT_FK = "product_id.fk_missing";
  static final String FX_MISSING = "currency.fx_rate_missing";

  private Reason() {}
}
