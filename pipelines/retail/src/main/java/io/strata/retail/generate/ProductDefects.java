package io.strata.retail.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * Defective product lines, each a later version of a real product (or a line that is not JSON), so
 * the valid earlier version stays in silver.
 */
final class ProductDefects {
  private ProductDefects() {}

  static void write(Defect defect, Rng rng, Catalog catalog, LocalDate date, JsonTable table)
      throws IOException {
    Product product = catalog.any(rng);
    ObjectNode node = product.json();
    if (defect == Defect.PRODUCT_DUPLICATE) {
      table.write(node, List.of(), false);
      return;
    }
    if (defect == Defect.PRODUCT_NOT_JSON) {
      String text = node.toString();
      table.writeNotJson(
          rng.chance(0.5)
              ? text.substring(0, text.length() / 2)
              : "sku=" + product.sku + ";price=" + product.price.toPlainString());
      return;
    }
    node.put("updated_at", Stamp.format(Catalog.changeTime(rng, date)));
    ObjectNode price = (ObjectNode) node.get("price");
    String amount = product.price.toPlainString();
    switch (defect) {
      case PRODUCT_ID_PATTERN -> node.put("sku", "P" + rng.between(1000, 9999));
      case PRODUCT_NAME_REQUIRED -> {
        if (rng.chance(0.5)) {
          node.put("name", "  ");
        } else {
          node.remove("name");
        }
      }
      case PRODUCT_CATEGORY_REQUIRED -> ((ObjectNode) node.get("category")).put("id", "");
      case PRODUCT_PRICE_RANGE -> price.put("amount", "-" + amount);
      case PRODUCT_PRICE_SCALE -> price.put("amount", amount + rng.between(1, 9));
      case PRODUCT_PRICE_TYPE -> price.put("amount", rng.pickOf("n/a", amount.replace('.', ',')));
      case PRODUCT_CURRENCY_ALLOWED -> price.put("currency", rng.pickOf("CHF", "JPY"));
      case PRODUCT_ACTIVE_TYPE -> node.put("active", rng.pickOf("yes", "unknown"));
      default -> throw new IllegalArgumentException("not a product defect: " + defect);
    }
    table.write(node, defect.reasons, false);
  }
}
