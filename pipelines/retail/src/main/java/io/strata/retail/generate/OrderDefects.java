package io.strata.retail.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Defective order and order-line records, copied from a valid order of the day. Orders are later
 * versions (or a new, malformed key), lines later versions of the same key, so the valid records
 * stay in silver; only unknown parents add new keys.
 */
final class OrderDefects {
  private OrderDefects() {}

  static void writeOrder(Defect defect, PlacedOrder sample, Rng rng, CsvTable orders)
      throws IOException {
    List<String> row = new ArrayList<>(sample.row());
    String id = row.get(OrderMaker.ORDER_ID);
    switch (defect) {
      case ORDER_DUPLICATE -> {
        orders.write(row, List.of(), false);
        return;
      }
      case ORDER_ID_PATTERN ->
          row.set(OrderMaker.ORDER_ID, rng.pickOf("O" + id.substring(2), "X" + id.substring(1)));
      case ORDER_CUSTOMER_REQUIRED -> row.set(OrderMaker.CUSTOMER_ID, "");
      case ORDER_TS_TYPE -> row.set(OrderMaker.ORDER_TS, Stamp.impossible(rng, sample.at()));
      case ORDER_CHANNEL_ALLOWED -> row.set(OrderMaker.CHANNEL, rng.pickOf("phone", "fax"));
      case ORDER_STATUS_ALLOWED -> row.set(OrderMaker.STATUS, rng.pickOf("shipped", "returned"));
      case ORDER_SEVERAL -> {
        row.set(OrderMaker.CHANNEL, "phone");
        row.set(OrderMaker.STATUS, "shipped");
      }
      case ORDER_COLUMN_COUNT -> {
        if (rng.chance(0.5)) {
          row.remove(OrderMaker.STATUS);
        } else {
          row.add("gift wrap");
        }
      }
      case ORDER_BROKEN_QUOTES -> {
        row.set(OrderMaker.CHANNEL, CsvTable.brokenQuotes("web", "mobile", "app"));
        orders.writeRaw(CsvTable.unquoted(row), Reason.PARSE_ERROR);
        return;
      }
      case ORDER_INVALID_UTF8 -> {
        orders.writeInvalidUtf8(row, OrderMaker.CHANNEL);
        return;
      }
      default -> throw new IllegalArgumentException("not an order defect: " + defect);
    }
    orders.write(row, defect.reasons, false);
  }

  static void writeLine(Defect defect, PlacedOrder sample, Rng rng, CsvTable lines)
      throws IOException {
    List<String> row = new ArrayList<>(rng.pick(sample.lines()));
    String price = row.get(OrderMaker.UNIT_PRICE);
    switch (defect) {
      case LINE_DUPLICATE -> {
        lines.write(row, List.of(), false);
        return;
      }
      case LINE_UNKNOWN_ORDER -> row.set(OrderMaker.ORDER_ID, unknownOrder(rng));
      case LINE_UNKNOWN_PRODUCT -> row.set(OrderMaker.PRODUCT_ID, unknownProduct(rng));
      case LINE_QUANTITY_RANGE -> row.set(OrderMaker.QUANTITY, rng.pickOf("0", "1001", "-1"));
      case LINE_QUANTITY_TYPE -> row.set(OrderMaker.QUANTITY, rng.pickOf("two", "3x"));
      case LINE_PRICE_RANGE -> row.set(OrderMaker.UNIT_PRICE, rng.pickOf("-" + price, "100000.01"));
      case LINE_PRICE_SCALE -> row.set(OrderMaker.UNIT_PRICE, price + rng.between(1, 9));
      case LINE_PRICE_TYPE ->
          row.set(OrderMaker.UNIT_PRICE, rng.pickOf(price.replace('.', ','), "EUR " + price));
      case LINE_DISCOUNT_RANGE -> row.set(OrderMaker.DISCOUNT, rng.pickOf("1.00", "-0.05", "1.50"));
      case LINE_DISCOUNT_TYPE -> row.set(OrderMaker.DISCOUNT, rng.pickOf("10%", "ten"));
      case LINE_NO_RANGE -> row.set(OrderMaker.LINE_NO, "0");
      case LINE_NO_TYPE -> row.set(OrderMaker.LINE_NO, rng.pickOf("first", "1st"));
      case LINE_SEVERAL -> {
        row.set(OrderMaker.QUANTITY, "0");
        row.set(OrderMaker.DISCOUNT, "1.50");
        row.set(OrderMaker.PRODUCT_ID, unknownProduct(rng));
      }
      case LINE_COLUMN_COUNT -> {
        if (rng.chance(0.5)) {
          row.remove(OrderMaker.DISCOUNT);
        } else {
          row.add("0.00");
        }
      }
      case LINE_BROKEN_QUOTES -> {
        row.set(OrderMaker.PRODUCT_ID, CsvTable.brokenQuotes("P", "000", "12"));
        lines.writeRaw(CsvTable.unquoted(row), Reason.PARSE_ERROR);
        return;
      }
      case LINE_INVALID_UTF8 -> {
        lines.writeInvalidUtf8(row, OrderMaker.PRODUCT_ID);
        return;
      }
      default -> throw new IllegalArgumentException("not an order line defect: " + defect);
    }
    lines.write(row, defect.reasons, false);
  }

  /** Above every generated order id. */
  static String unknownOrder(Rng rng) {
    return String.format("O9%07d", rng.nextInt(10_000_000));
  }

  /** Above every generated product id. */
  private static String unknownProduct(Rng rng) {
    return String.format("P9%04d", rng.nextInt(10_000));
  }
}
