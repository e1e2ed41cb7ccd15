package io.strata.retail.generate;

import java.util.List;

/**
 * A leaf category of the catalogue with what drives its products: typical price, units per order
 * line, and the words its product names and tags are made of.
 *
 * @param parentId null for a top-level category
 * @param quantityMean the mean of the Poisson part of a line's quantity
 */
record Category(
    String id,
    String name,
    String parentId,
    String parentName,
    double medianPrice,
    double quantityMean,
    List<String> nouns,
    List<String> tags) {

  static final List<Category> ALL =
      List.of(
          of(
              "CAT-07",
              "Garden",
              "CAT-01",
              "Home",
              120,
              0.3,
              "bench,planter,hose,lantern,parasol",
              "outdoor,garden,wood,summer"),
          of(
              "CAT-08",
              "Kitchen",
              "CAT-01",
              "Home",
              35,
              0.8,
              "mug,skillet,teapot,knife set,cutting board",
              "kitchen,cooking,gift,ceramic"),
          of(
              "CAT-09",
              "Furniture",
              "CAT-01",
              "Home",
              320,
              0.1,
              "chair,desk,bookcase,sofa,lamp",
              "living,wood,design"),
          of(
              "CAT-11",
              "Shoes",
              "CAT-02",
              "Fashion",
              85,
              0.2,
              "sneaker,boot,sandal,loafer",
              "footwear,leather,sport"),
          of(
              "CAT-12",
              "Apparel",
              "CAT-02",
              "Fashion",
              40,
              0.7,
              "t-shirt,jacket,sweater,scarf,jeans",
              "cotton,winter,basics"),
          of(
              "CAT-13",
              "Accessories",
              "CAT-02",
              "Fashion",
              28,
              0.6,
              "belt,wallet,cap,backpack",
              "leather,travel,gift"),
          of(
              "CAT-14",
              "Audio",
              "CAT-03",
              "Electronics",
              95,
              0.2,
              "headphones,speaker,turntable,earbuds",
              "wireless,music"),
          of(
              "CAT-15",
              "Computers",
              "CAT-03",
              "Electronics",
              950,
              0.05,
              "laptop,monitor,keyboard,tablet",
              "office,usb-c"),
          of(
              "CAT-16",
              "Phones",
              "CAT-03",
              "Electronics",
              620,
              0.05,
              "smartphone,phone case,charger",
              "mobile,5g"),
          of("CAT-04", "Gift cards", null, null, 50, 0.4, "gift card", "gift,digital"));

  private static Category of(
      String id,
      String name,
      String parentId,
      String parentName,
      double medianPrice,
      double quantityMean,
      String nouns,
      String tags) {
    return new Category(
        id,
        name,
        parentId,
        parentName,
        medianPrice,
        quantityMean,
        List.of(nouns.split(",")),
        List.of(tags.split(",")));
  }

  /** Gift cards are the one top-level category; their products have fixed face values. */
  boolean giftCard() {
    return parentId == null;
  }
}
