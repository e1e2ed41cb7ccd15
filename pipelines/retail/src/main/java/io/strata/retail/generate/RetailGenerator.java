package io.strata.retail.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates the retail sample input of SPEC.md: daily CSV and JSON Lines files with every defect
 * the spec names, the FX API pages, and a manifest of exactly what the pipeline must count. Same
 * config, same bytes. Streams day by day: memory holds customers, products and a few days of
 * pending payment events, never the orders or lines.
 */
public final class RetailGenerator {
  /** Customer ids above the real ones, which silver never has: their orders are rejected. */
  private static final int GHOST_CUSTOMERS = 8;

  private RetailGenerator() {}

  public static Manifest generate(GeneratorConfig config) throws IOException {
    Path out = Files.createDirectories(config.outputDir());
    clearPreviousOutput(out);
    LocalDate start = config.startDate();
    int days = config.days();

    // One stream per concern, split in a fixed order from the seed.
    Rng master = new Rng(config.seed());
    Rng fxRng = master.split();
    Rng catalogRng = master.split();
    Rng customerRng = master.split();
    Rng planRng = master.split();
    Rng changeRng = master.split();
    Rng demandRng = master.split();
    Rng orderRng = master.split();
    Rng paymentRng = master.split();
    Rng cancelRng = master.split();
    Rng defectRng = master.split();

    FxRates fx = new FxRates(fxRng, start, days);
    Catalog catalog = new Catalog(catalogRng, config.products(), start, fx);
    Population population = new Population(customerRng, config);
    DefectPlan plan = new DefectPlan(planRng, config);
    List<String> ghostIds = new ArrayList<>();
    for (int i = 1; i <= GHOST_CUSTOMERS; i++) {
      ghostIds.add(Customer.id(config.customers() + i));
    }
    int driftDay = days / 2;
    Tally tally = new Tally();

    try (CsvTable customers =
            new CsvTable(out.resolve("customers"), Customer.HEADER, tally.of(Table.CUSTOMERS));
        JsonTable products = new JsonTable(out.resolve("products"), tally.of(Table.PRODUCTS));
        CsvTable orders =
            new CsvTable(out.resolve("orders"), OrderMaker.ORDER_HEADER, tally.of(Table.ORDERS));
        CsvTable lines =
            new CsvTable(
                out.resolve("order_lines"), OrderMaker.LINE_HEADER, tally.of(Table.ORDER_LINES));
        JsonTable payments = new JsonTable(out.resolve("payments"), tally.of(Table.PAYMENTS))) {
      PaymentDesk desk = new PaymentDesk(paymentRng, start, days);
      OrderMaker maker = new OrderMaker(orderRng, catalog, fx, desk, orders, lines);
      OrderDay orderDay =
          new OrderDay(
              defectRng,
              cancelRng,
              population,
              new Demand(demandRng, population, new RepurchaseModel(driftDay)),
              maker,
              desk,
              new Cancellations(days),
              plan,
              ghostIds);
      CustomerDefects customerDefects = new CustomerDefects(population, ghostIds);

      for (int day = 0; day < days; day++) {
        LocalDate date = start.plusDays(day);
        if (day == driftDay) {
          catalog.drift();
        }
        customers.open(date);
        population.writeDay(day, changeRng, customers);
        for (Defect defect : plan.on(day, Table.CUSTOMERS)) {
          customerDefects.write(defect, day, date, defectRng, customers);
        }

        writeProducts(
            day, date, catalog, plan.on(day, Table.PRODUCTS), changeRng, defectRng, products);

        orders.open(date);
        lines.open(date);
        payments.open(date);
        orderDay.run(day, date, orders, lines, payments);
      }
    }

    Manifest.FxApi fxApi = FxPages.write(out, fx, fxRng);
    Planted planted =
        new Planted(
            start.plusDays(driftDay).toString(), RepurchaseModel.describe(), UnitsModel.describe());
    Manifest manifest = tally.manifest(config, fxApi, catalog.silverTags(), planted);
    manifest.write(out.resolve(Manifest.FILE_NAME));
    return manifest;
  }

  /** Products get a file on the first day, on weekly change days and when a defect lands. */
  private static void writeProducts(
      int day,
      LocalDate date,
      Catalog catalog,
      List<Defect> defects,
      Rng changeRng,
      Rng defectRng,
      JsonTable products)
      throws IOException {
    if (day != 0 && !Catalog.changeDay(day) && defects.isEmpty()) {
      return;
    }
    products.open(date);
    if (day == 0) {
      catalog.writeInitial(products);
    } else if (Catalog.changeDay(day)) {
      catalog.writeChanges(changeRng, date, products);
    }
    for (Defect defect : defects) {
      ProductDefects.write(defect, defectRng, catalog, date, products);
    }
    products.close();
  }

  /** Removes files an earlier run wrote here, so a shorter period leaves no stale days. */
  private static void clearPreviousOutput(Path out) throws IOException {
    for (String table : List.of("customers", "products", "orders", "order_lines", "payments")) {
      deleteMatching(out.resolve(table), table + "_????-??-??.{csv,jsonl}");
    }
    deleteMatching(out.resolve("fx/v1/fx-rates"), "page-*.json");
    Files.deleteIfExists(out.resolve(Manifest.FILE_NAME));
  }

  private static void deleteMatching(Path dir, String glob) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> matcher.matches(f.getFileName())).toList()) {
        Files.delete(file);
      }
    }
  }
}
