package io.strata.transforms.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads a table contract from YAML and refuses a wrong one with the file, the key and what is
 * wrong: first against the JSON Schema (shape, types, identifiers), then for what a schema cannot
 * say (a key naming an unknown column, a pattern that does not compile).
 */
public final class ContractLoader {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private static final JsonSchema SCHEMA = loadSchema();

  private ContractLoader() {}

  public static TableContract load(Path file) {
    String where = file.getFileName().toString();
    try {
      return fromYaml(where, Files.readString(file));
    } catch (IOException e) {
      throw new ContractException(where + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /** Parses YAML text; {@code where} names it in errors (a file name, say). */
  public static TableContract fromYaml(String where, String yaml) {
    try {
      return parse(where, YAML.readTree(yaml));
    } catch (JsonProcessingException e) {
      throw new ContractException(where + ": not readable YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static TableContract parse(String where, JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new ContractException(where + ": a contract must be a YAML mapping");
    }
    Set<ValidationMessage> errors = SCHEMA.validate(tree);
    if (!errors.isEmpty()) {
      String detail =
          errors.stream()
              .map(
                  m ->
                      m.getMessage().startsWith("$")
                          ? key(m.getMessage())
                          : key(m.getInstanceLocation().toString()) + ": " + m.getMessage())
              .sorted()
              .collect(Collectors.joining("; "));
      throw new ContractException(where + ": " + detail);
    }
    TableContract contract;
    try {
      contract = MAPPER.treeToValue(tree, TableContract.class);
    } catch (JsonProcessingException e) {
      throw new ContractException(where + ": " + e.getOriginalMessage(), e);
    }
    checkSemantics(where, contract);
    return contract;
  }

  /** "$.columns[2].pattern: ..." reads better as "columns[2].pattern: ...". */
  private static String key(String text) {
    return text.startsWith("$.") ? text.substring(2) : text;
  }

  private static void checkSemantics(String where, TableContract c) {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < c.columns().size(); i++) {
      ColumnSpec col = c.columns().get(i);
      String at = "columns[" + i + "]";
      if (!names.add(col.name())) {
        problems.add(at + ".name: duplicate column '" + col.name() + "'");
      }
      if (col.pattern() != null) {
        try {
          Pattern.compile(col.pattern());
        } catch (PatternSyntaxException e) {
          problems.add(at + ".pattern: does not compile: " + e.getDescription());
        }
      }
      if (col.scale() != null && col.columnType() != ColumnType.DECIMAL) {
        problems.add(at + ".scale: only a decimal column has a scale");
      }
      boolean numeric =
          col.columnType() == ColumnType.INTEGER || col.columnType() == ColumnType.DECIMAL;
      if (!numeric
          && (col.min() != null
              || col.max() != null
              || col.minExclusive() != null
              || col.maxExclusive() != null)) {
        problems.add(at + ": min/max apply to integer and decimal columns only");
      }
    }
    for (int i = 0; i < c.columns().size(); i++) {
      String other = c.columns().get(i).notAfter();
      if (other != null && !names.contains(other)) {
        problems.add("columns[" + i + "].not_after: unknown column '" + other + "'");
      }
    }
    Set<String> known = new HashSet<>(names);
    if (c.unnest() != null) {
      known.add(c.unnest().keyColumn());
      known.add(c.unnest().valueColumn());
      for (String col : List.of(c.unnest().keyColumn(), c.unnest().valueColumn())) {
        if (!names.contains(col)) {
          problems.add(
              "unnest: column '"
                  + col
                  + "' must also be declared under columns (its type and rules)");
        }
      }
    }
    for (int i = 0; i < c.key().size(); i++) {
      if (!known.contains(c.key().get(i))) {
        problems.add("key[" + i + "]: unknown column '" + c.key().get(i) + "'");
      }
    }
    List<String> order = c.dedupOrder();
    for (int i = 0; i < order.size(); i++) {
      String col = order.get(i);
      if (!col.equals(DedupSpec.SOURCE)
          && !col.equals(DedupSpec.POSITION)
          && !known.contains(col)) {
        problems.add(
            "dedup.order_by[" + i + "]: unknown column '" + col + "' (or _source, _position)");
      }
    }
    List<ForeignKeySpec> fks = c.foreignKeysOrEmpty();
    for (int i = 0; i < fks.size(); i++) {
      ForeignKeySpec fk = fks.get(i);
      if (!known.contains(fk.column())) {
        problems.add("foreign_keys[" + i + "].column: unknown column '" + fk.column() + "'");
      }
      if (fk.asOf() != null && !known.contains(fk.asOf().column())) {
        problems.add(
            "foreign_keys[" + i + "].as_of.column: unknown column '" + fk.asOf().column() + "'");
      }
    }
    for (int i = 0; i < c.childrenOrEmpty().size(); i++) {
      ChildSpec child = c.childrenOrEmpty().get(i);
      if (child.table().equals(c.table())) {
        problems.add("children[" + i + "].table: must differ from the table itself");
      }
    }
    if (problems.isEmpty()) {
      try {
        BronzeLayout.of(c);
      } catch (ContractException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(where + ": " + String.join("; ", problems));
    }
  }

  private static JsonSchema loadSchema() {
    try (InputStream in = ContractLoader.class.getResourceAsStream("contract.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new IllegalStateException("contract.schema.json is missing from the classpath", e);
    }
  }
}
