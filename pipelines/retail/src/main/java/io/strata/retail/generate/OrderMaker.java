package io.strata.retail.generate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one order with its lines and settles its payments. The order's reasons follow from what
 * silver will hold: an unknown customer, or a non-EUR order dated before the first FX rate. Lines
 * and payments of a rejected order cascade to order_id.fk_missing.
 */
final class OrderMaker {
  static final List<String> ORDER_HEADER =
      List.of("order_id", "customer_id", "order_ts", "channel", "currency", "status");
  static final List<String> LINE_HEADER =
      List.of("order_id", "line_no", "product_id", "quantity", "unit_price", "discount");
  static final int ORDER_ID = 0;
  static final int CUSTOMER_ID = 1;
  static final int ORDER_TS = 2;
  static final int CHANNEL = 3;
  static final int STATUS = 5;
  static final int LINE_NO = 1;
  static final int PRODUCT_ID = 2;
  static final int QUANTITY = 3;
  static final int UNIT_PRICE = 4;
  static final int DISCOUNT = 5;

  private static final String[] CHANNELS = {"web", "app", "store"};
  private static final int MAX_ORDERS = 89_999_999;
  private static final double MEAN_EXTRA_LINES = 2.0;
  private static final int MAX_LINES = 12;

  private final Rng rng;
  private final Catalog catalog;
  private final FxRates fx;
  private final PaymentDesk desk;
  private final CsvTable orders;
  private final CsvTable lines;
  private int issued;

  OrderMaker(
      Rng rng, Catalog catalog, FxRates fx, PaymentDesk desk, CsvTable orders, CsvTable lines) {
    this.rng = rng;
    this.catalog = catalog;
    this.fx = fx;
    this.desk = desk;
    this.orders = orders;
    this.lines = lines;
  }

  /**
   * Places an order for the customer, or, with another {@code customerId}, an order silver cannot
   * link to any customer; only the customer's own orders feed its history.
   */
  PlacedOrder place(Customer customer, String customerId, OffsetDateTime at) throws IOException {
    if (++issued > MAX_ORDERS) {
      throw new IllegalStateException(
          "more than "
              + MAX_ORDERS
              + " orders: order ids have"
              + " eight digits; generate fewer customers or days");
    }
    boolean own = customer.id.equals(customerId);
    String orderId = String.format("O%08d", issued);
    String currency = customer.country.currency;
    if ("EUR".equals(currency) && rng.chance(0.03)) {
      currency = rng.pickOf("USD", "GBP");
    }
    String channel = rng.chance(0.7) ? CHANNELS[customer.preferredChannel] : rng.pickOf(CHANNELS);
    List<String> reasons = new ArrayList<>();
    if (!own) {
      reasons.add(Reason.CUSTOMER_FK);
    }
    if (!"EUR".equals(currency) && !fx.published(Stamp.utcDate(at))) {
      reasons.add(Reason.FX_MISSING);
    }
    List<String> row = List.of(orderId, customerId, Stamp.format(at), channel, currency, "placed");
    orders.write(row, reasons, reasons.isEmpty());

    boolean valid = reasons.isEmpty();
    List<String> cascade = valid ? List.of() : List.of(Reason.ORDER_FK);
    List<List<String>> written = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    int count = 1 + Math.min(MAX_LINES - 1, rng.poisson(MEAN_EXTRA_LINES));
    for (int lineNo = 1; lineNo <= count; lineNo++) {
      Product product = catalog.pick(rng);
      int quantity = UnitsModel.quantity(rng, product.category, customer.business());
      BigDecimal unitPrice = catalog.unitPrice(product, currency, at.toLocalDate());
      int discountHundredths = rng.chance(customer.discountAffinity) ? 5 * rng.between(1, 6) : 0;
      BigDecimal discount = BigDecimal.valueOf(discountHundredths, 2);
      List<String> line =
          List.of(
              orderId,
              Integer.toString(lineNo),
              product.sku,
              Integer.toString(quantity),
              unitPrice.toPlainString(),
              discount.toPlainString());
      lines.write(line, cascade, valid);
      written.add(line);
      total =
          total.add(
              unitPrice
                  .multiply(BigDecimal.valueOf(quantity))
                  .multiply(BigDecimal.ONE.subtract(discount)));
      if (own) {
        customer.addLine(discountHundredths);
      }
    }
    List<Payment> payments =
        desk.settle(
            orderId, total.setScale(2, RoundingMode.HALF_UP), currency, customer, at, cascade);
    return new PlacedOrder(row, written, payments, customer, at, valid);
  }
}
