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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A project folder: {@code contracts/*.yaml} (one per source table) and {@code gold/*.sql} (one
 * per gold table). Contracts come back parents first so silver can check foreign keys against
 * parents already written; gold models come back after the models they read.
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
      throw new ContractException(dir + ": a project folder needs a contracts/ folder of *.yaml files");
    }
    Map<String, TableContract> byTable = new LinkedHashMap<>();
    for (Path file : list(dir.resolve("contracts"), ".yaml")) {
      TableContract c = ContractLoader.load(file);
      if (byTable.put(c.table(), c) != null) {
        throw new ContractException(file.getFileName() + ": table '" + c.table() + "' is declared twice");
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
          throw new ContractException(where + ": table '" + fk.table() + "' has no column '" + fk.referencedColumn() + "'");
        }
        if (fk.asOf() != null && parent.column(fk.asOf().references()).isEmpty()) {
          throw new ContractException(where + ".as_of: table '" + fk.table() + "' has no column '" + fk.asOf().references() + "'");
        }
      }
    }
  }

  private static List<TableContract> parentsFirst(Map<String, TableContract> byTable) {
    List<TableContract> ordered = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>();
    for (String table : byTable.keySet()) {
      visit(table, byTable, state, ordered, new ArrayList<>());
    }
    return List.copyOf(ordered);
  }

  private static void visit(
      String table, Map<String, TableContract> byTable, Map<String, Integer> state, List<TableContract> out, List<String> path) {
    Integer s = state.get(table);
    if (s != null && s == 2) {
      return;
    }
    path.add(table);
    if (s != null) {
      throw new ContractException("foreign keys form a cycle: " + String.join(" -> ", path));
    }
    state.put(table, 1);
    for (ForeignKeySpec fk : byTable.get(table).foreignKeysOrEmpty()) {
      if (!fk.table().equals(table)) {
        visit(fk.table(), byTable, state, out, path);
      }
    }
    state.put(table, 2);
    path.remove(path.size() - 1);
    out.add(byTable.get(table));
  }

  private static List<GoldModel> goldOrder(List<GoldModel> models) {
    Map<String, GoldModel> byName = new LinkedHashMap<>();
    models.forEach(m -> byName.put(m.name(), m));
    List<GoldModel> ordered = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>();
    for (String name : byName.keySet()) {
      visitModel(name, byName, state, ordered, new ArrayList<>());
    }
    return List.copyOf(ordered);
  }

  private static void visitModel(
      String name, Map<String, GoldModel> byName, Map<String, Integer> state, List<GoldModel> out, List<String> path) {
    Integer s = state.get(name);
    if (s != null && s == 2) {
      return;
    }
    path.add(name);
    if (s != null) {
      throw new ContractException("gold models read each other in a cycle: " + String.join(" -> ", path));
    }
    state.put(name, 1);
    Matcher m = GOLD_REFERENCE.matcher(byName.get(name).sql());
    while (m.find()) {
      String ref = m.group(1);
      if (!ref.equals(name) && byName.containsKey(ref)) {
        visitModel(ref, byName, state, out, path);
      }
    }
    state.put(name, 2);
    path.remove(path.size() - 1);
    out.add(byName.get(name));
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted(Comparator.naturalOrder()).toList();
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
