package io.strata.transforms.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A project folder: {@code contracts/*.yaml} (one per source table) and {@code gold/*.sql} (one per
 * gold table). Contracts come back parents first so silver can check foreign keys against parents
 * already written; gold models come back after the models they read.
 */
public final class Project {
  private static final Pattern GOLD_REFERENCE = Pattern.compile("\\bgold\\.([a-z_][a-z0-9_]*)\\b");

  private final Path dir;
  private final List<TableContract> contracts;
  private final List<GoldModel> goldModels;

  private Project(Path dir, List<TableContract> contracts, List<GoldModel> goldModels) {
    this.dir = dir;
    this.contracts = contracts;
    this.goldModels = goldModels;
  }

  public static Project load(Path dir) {
    if (!Files.isDirectory(dir.resolve("contracts"))) {
      throw new ContractException(
          dir + ": a project folder needs a contracts/ folder of *.yaml files");
    }
    Map<String, TableContract> byTable = new LinkedHashMap<>();
    for (Path file : list(dir.resolve("contracts"), ".yaml")) {
      TableContract c = ContractLoader.load(file);
      if (byTable.put(c.table(), c) != null) {
        throw new ContractException(
            file.getFileName() + ": table '" + c.table() + "' is declared twice");
      }
    }
    if (byTable.isEmpty()) {
      throw new ContractException(dir.resolve("contracts") + ": no *.yaml contract found");
    }
    checkReferences(byTable);
    List<GoldModel> models = new ArrayList<>();
    Path gold = dir.resolve("gold");
    if (Files.isDirectory(gold)) {
      for (Path file : list(gold, ".sql")) {
        String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
        Identifiers.check(name, file.getFileName().toString());
        models.add(new GoldModel(name, read(file)));
      }
    }
    return new Project(dir, parentsFirst(byTable), goldOrder(models));
  }

  public Path dir() {
    return dir;
  }

  public List<TableContract> contracts() {
    return contracts;
  }

  public List<GoldModel> goldModels() {
    return goldModels;
  }

  public TableContract contract(String table) {
    return contracts.stream()
        .filter(c -> c.table().equals(table))
        .findFirst()
        .orElseThrow(() -> new ContractException("no contract for table '" + table + "'"));
  }

  private static void checkReferences(Map<String, TableContract> byTable) {
    for (TableContract c : byTable.values()) {
      for (ForeignKeySpec fk : c.foreignKeysOrEmpty()) {
        TableContract parent = byTable.get(fk.table());
        String where = c.table() + ".yaml: foreign_keys." + fk.column();
        if (parent == null) {
          throw new ContractException(where + ": unknown table '" + fk.table() + "'");
        }
        if (parent.column(fk.referencedColumn()).isEmpty()) {
          throw new ContractException(
              where + ": table '" + fk.table() + "' has no column '" + fk.referencedColumn() + "'");
        }
        if (fk.asOf() != null && parent.column(fk.asOf().references()).isEmpty()) {
          throw new ContractException(
              where
                  + ".as_of: table '"
                  + fk.table()
                  + "' has no column '"
                  + fk.asOf().references()
                  + "'");
        }
      }
    }
  }

  private static List<TableContract> parentsFirst(Map<String, TableContract> byTable) {
    return dependenciesFirst(
        byTable,
        c -> c.foreignKeysOrEmpty().stream().map(ForeignKeySpec::table).toList(),
        "foreign keys form");
  }

  private static List<GoldModel> goldOrder(List<GoldModel> models) {
    Map<String, GoldModel> byName = new LinkedHashMap<>();
    models.forEach(m -> byName.put(m.name(), m));
    return dependenciesFirst(
        byName,
        m -> {
          List<String> refs = new ArrayList<>();
          Matcher matcher = GOLD_REFERENCE.matcher(m.sql());
          while (matcher.find()) {
            refs.add(matcher.group(1));
          }
          return refs;
        },
        "gold models read each other in");
  }

  /** Orders items so each comes after those it depends on (unknown names and itself ignored). */
  private static <T> List<T> dependenciesFirst(
      Map<String, T> byName, Function<T, List<String>> dependsOn, String cycleMessage) {
    List<T> ordered = new ArrayList<>();
    Map<String, Boolean> done = new HashMap<>(); // false while being visited, true once placed
    for (String name : byName.keySet()) {
      visit(name, byName, dependsOn, done, ordered, new ArrayList<>(), cycleMessage);
    }
    return List.copyOf(ordered);
  }

  private static <T> void visit(
      String name,
      Map<String, T> byName,
      Function<T, List<String>> dependsOn,
      Map<String, Boolean> done,
      List<T> out,
      List<String> path,
      String cycleMessage) {
    if (Boolean.TRUE.equals(done.get(name))) {
      return;
    }
    path.add(name);
    if (done.containsKey(name)) {
      throw new ContractException(cycleMessage + " a cycle: " + String.join(" -> ", path));
    }
    done.put(name, false);
    for (String dependency : dependsOn.apply(byName.get(name))) {
      if (!dependency.equals(name) && byName.containsKey(dependency)) {
        visit(dependency, byName, dependsOn, done, out, path, cycleMessage);
      }
    }
    done.put(name, true);
    path.remove(path.size() - 1);
    out.add(byName.get(name));
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
