package io.strata.retail.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/** A catalogue product: the fields of its latest valid version and its hidden popularity. */
final class Product {
  final String sku;
  final String name;
  final Category category;

  /** Hidden: the part of the product's popularity no feature explains. */
  final double effect;

  /** As published: may repeat a tag in another case or with spaces around it. */
  final List<String> tags;

  BigDecimal price;
  final String currency;
  boolean active = true;
  OffsetDateTime updatedAt;

  Product(
      int number,
      String name,
      Category category,
      double effect,
      List<String> tags,
      BigDecimal price,
      String currency,
      OffsetDateTime updatedAt) {
    this.sku = String.format("P%05d", number);
    this.name = name;
    this.category = category;
    this.effect = effect;
    this.tags = tags;
    this.price = price;
    this.currency = currency;
    this.updatedAt = updatedAt;
  }

  /** The product line as SPEC.md shapes it: nested category, price as a string. */
  ObjectNode json() {
    ObjectNode node = JsonTable.MAPPER.createObjectNode();
    node.put("sku", sku);
    node.put("name", name);
    ObjectNode categoryNode = node.putObject("category");
    categoryNode.put("id", category.id());
    categoryNode.put("name", category.name());
    if (category.parentId() == null) {
      categoryNode.putNull("parent");
    } else {
      ObjectNode parent = categoryNode.putObject("parent");
      parent.put("id", category.parentId());
      parent.put("name", category.parentName());
    }
    ObjectNode priceNode = node.putObject("price");
    priceNode.put("amount", price.toPlainString());
    priceNode.put("currency", currency);
    tags.forEach(node.putArray("tags")::add);
    node.put("active", active);
    node.put("updated_at", Stamp.format(updatedAt));
    return node;
  }

  /** Rows this product gives silver.product_tags: trimmed, lower-cased, distinct. */
  long silverTags() {
    return tags.stream().map(tag -> tag.trim().toLowerCase(Locale.ROOT)).distinct().count();
  }
}
