package io.strata.retail.generate;

import java.util.List;

/**
 * Every defect the generator plants, with the table it lands in, how many per default-sized run
 * (see {@link DefectPlan} for larger ones) and the reason codes the record will carry. Kinds
 * without reasons are valid records that lose de-duplication.
 */
enum Defect {
  CUSTOMER_EMAIL_PATTERN(Table.CUSTOMERS, 4, "email.pattern"),
  CUSTOMER_EMAIL_REQUIRED(Table.CUSTOMERS, 2, "email.required"),
  CUSTOMER_ID_PATTERN(Table.CUSTOMERS, 3, "customer_id.pattern"),
  CUSTOMER_NAME_REQUIRED(Table.CUSTOMERS, 1, "full_name.required"),
  CUSTOMER_COUNTRY_ALLOWED(Table.CUSTOMERS, 3, "country.allowed"),
  CUSTOMER_SEGMENT_ALLOWED(Table.CUSTOMERS, 2, "segment.allowed"),
  CUSTOMER_SIGNUP_AFTER_UPDATE(Table.CUSTOMERS, 2, "signup_date.not_after"),
  CUSTOMER_SIGNUP_TYPE(Table.CUSTOMERS, 1, "signup_date.type"),
  CUSTOMER_UPDATED_TYPE(Table.CUSTOMERS, 1, "updated_at.type"),
  CUSTOMER_SEVERAL(Table.CUSTOMERS, 2, "email.pattern", "country.allowed", "segment.allowed"),
  CUSTOMER_COLUMN_COUNT(Table.CUSTOMERS, 2, Reason.COLUMN_COUNT),
  CUSTOMER_BROKEN_QUOTES(Table.CUSTOMERS, 2, Reason.PARSE_ERROR),
  CUSTOMER_INVALID_UTF8(Table.CUSTOMERS, 2, Reason.ENCODING),
  CUSTOMER_DUPLICATE(Table.CUSTOMERS, 5),
  // New customers whose only row is invalid, so silver never has them and their orders
  // cascade to customer_id.fk_missing.
  GHOST_LONG_NAME(Table.CUSTOMERS, 1, "full_name.max_length"),
  GHOST_SIGNUP_AFTER_UPDATE(Table.CUSTOMERS, 1, "signup_date.not_after"),

  PRODUCT_NOT_JSON(Table.PRODUCTS, 2, Reason.PARSE_ERROR),
  PRODUCT_ID_PATTERN(Table.PRODUCTS, 1, "product_id.pattern"),
  PRODUCT_NAME_REQUIRED(Table.PRODUCTS, 1, "name.required"),
  PRODUCT_CATEGORY_REQUIRED(Table.PRODUCTS, 1, "category_id.required"),
  PRODUCT_PRICE_RANGE(Table.PRODUCTS, 1, "list_price.range"),
  PRODUCT_PRICE_SCALE(Table.PRODUCTS, 1, "list_price.scale"),
  PRODUCT_PRICE_TYPE(Table.PRODUCTS, 1, "list_price.type"),
  PRODUCT_CURRENCY_ALLOWED(Table.PRODUCTS, 1, "list_currency.allowed"),
  PRODUCT_ACTIVE_TYPE(Table.PRODUCTS, 1, "active.type"),
  PRODUCT_DUPLICATE(Table.PRODUCTS, 2),

  ORDER_ID_PATTERN(Table.ORDERS, 2, "order_id.pattern"),
  ORDER_CUSTOMER_REQUIRED(Table.ORDERS, 1, "customer_id.required"),
  ORDER_TS_TYPE(Table.ORDERS, 2, "order_ts.type"),
  ORDER_CHANNEL_ALLOWED(Table.ORDERS, 2, "channel.allowed"),
  ORDER_STATUS_ALLOWED(Table.ORDERS, 2, "status.allowed"),
  ORDER_SEVERAL(Table.ORDERS, 1, "channel.allowed", "status.allowed"),
  ORDER_COLUMN_COUNT(Table.ORDERS, 2, Reason.COLUMN_COUNT),
  ORDER_BROKEN_QUOTES(Table.ORDERS, 2, Reason.PARSE_ERROR),
  ORDER_INVALID_UTF8(Table.ORDERS, 1, Reason.ENCODING),
  ORDER_DUPLICATE(Table.ORDERS, 5),
  // A whole order with lines and payments by a customer silver lacks; its reasons are
  // computed like any order's (it may also miss an FX rate).
  ORDER_UNKNOWN_CUSTOMER(Table.ORDERS, 12),

  LINE_UNKNOWN_ORDER(Table.ORDER_LINES, 3, Reason.ORDER_FK),
  LINE_UNKNOWN_PRODUCT(Table.ORDER_LINES, 3, Reason.PRODUCT_FK),
  LINE_QUANTITY_RANGE(Table.ORDER_LINES, 3, "quantity.range"),
  LINE_QUANTITY_TYPE(Table.ORDER_LINES, 1, "quantity.type"),
  LINE_PRICE_RANGE(Table.ORDER_LINES, 2, "unit_price.range"),
  LINE_PRICE_SCALE(Table.ORDER_LINES, 2, "unit_price.scale"),
  LINE_PRICE_TYPE(Table.ORDER_LINES, 1, "unit_price.type"),
  LINE_DISCOUNT_RANGE(Table.ORDER_LINES, 2, "discount.range"),
  LINE_DISCOUNT_TYPE(Table.ORDER_LINES, 1, "discount.type"),
  LINE_NO_RANGE(Table.ORDER_LINES, 1, "line_no.range"),
  LINE_NO_TYPE(Table.ORDER_LINES, 1, "line_no.type"),
  LINE_SEVERAL(Table.ORDER_LINES, 1, "quantity.range", "discount.range", Reason.PRODUCT_FK),
  LINE_COLUMN_COUNT(Table.ORDER_LINES, 2, Reason.COLUMN_COUNT),
  LINE_BROKEN_QUOTES(Table.ORDER_LINES, 1, Reason.PARSE_ERROR),
  LINE_INVALID_UTF8(Table.ORDER_LINES, 1, Reason.ENCODING),
  LINE_DUPLICATE(Table.ORDER_LINES, 5),

  PAYMENT_ID_PATTERN(Table.PAYMENTS, 2, "payment_id.pattern"),
  PAYMENT_AMOUNT_RANGE(Table.PAYMENTS, 2, "amount.range"),
  PAYMENT_AMOUNT_TYPE(Table.PAYMENTS, 1, "amount.type"),
  PAYMENT_CURRENCY_ALLOWED(Table.PAYMENTS, 1, "currency.allowed"),
  PAYMENT_METHOD_ALLOWED(Table.PAYMENTS, 2, "method.allowed"),
  PAYMENT_STATUS_ALLOWED(Table.PAYMENTS, 2, "status.allowed"),
  PAYMENT_UNKNOWN_ORDER(Table.PAYMENTS, 5, Reason.ORDER_FK),
  PAYMENT_NOT_JSON(Table.PAYMENTS, 2, Reason.PARSE_ERROR);

  final Table table;
  final int perRun;
  final List<String> reasons;

  Defect(Table table, int perRun, String... reasons) {
    this.table = table;
    this.perRun = perRun;
    this.reasons = List.of(reasons);
  }
}
