package io.strata.transforms.silver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.JsonPaths;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.contract.BronzeLayout;
import io.strata.transforms.contract.ChildSpec;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.contract.UnnestSpec;
import io.strata.transforms.quarantine.Reason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Types and validates one bronze record against its contract, collecting every broken rule. A
 * record with an {@code unnest} rule becomes one candidate per entry, or one rejected candidate
 * carrying the reasons of all entries.
 */
public final class RecordValidator implements Serializable {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final TableContract contract;
  private final Map<String, ColumnRules> rules = new LinkedHashMap<>();
  private final Map<String, BronzeLayout.Field> fieldsByPath = new HashMap<>();

  public RecordValidator(TableContract contract) {
    this.contract = contract;
    for (ColumnSpec column : contract.columns()) {
      rules.put(column.name(), new ColumnRules(column));
    }
    for (BronzeLayout.Field f : BronzeLayout.of(contract).fields()) {
      fieldsByPath.putIfAbsent(f.path(), f);
    }
  }

  public List<SilverCandidate> validate(BronzeRecord r) {
    if (!r.isReadable()) {
      String message = r.rejectMessage == null ? "the record could not be read" : r.rejectMessage;
      return List.of(rejected(r, List.of(new Reason(r.rejectCode, null, message))));
    }
    Function<String, JsonNode> at;
    if (r.payload == null) {
      at = path -> field(r, path);
    } else {
      // Kept raw because a field holds a nested value: read as it came, to say which.
      JsonNode node;
      try {
        node = JSON.readTree(r.payload);
      } catch (JsonProcessingException e) {
        return List.of(
            rejected(
                r, List.of(new Reason(RecordCodes.PARSE_ERROR, null, e.getOriginalMessage()))));
      }
      at = path -> JsonPaths.at(node, path);
    }
    UnnestSpec unnest = contract.unnest();
    if (unnest == null) {
      return List.of(candidate(r, at, Map.of(), ""));
    }
    JsonNode entries = at.apply(unnest.path());
    if (entries == null || !entries.isObject() || entries.isEmpty()) {
      Reason missing =
          Reason.of(
              unnest.valueColumn(),
              "required",
              "'" + unnest.path() + "' must be an object of named values");
      return List.of(rejected(r, List.of(missing)));
    }
    List<SilverCandidate> rows = new ArrayList<>();
    List<Reason> reasons = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Map<String, JsonNode> overrides =
          Map.of(
              unnest.keyColumn(),
              JSON.getNodeFactory().textNode(e.getKey()),
              unnest.valueColumn(),
              e.getValue());
      SilverCandidate row = candidate(r, at, overrides, " (" + e.getKey() + ")");
      rows.add(row);
      reasons.addAll(row.reasons);
    }
    return reasons.isEmpty() ? rows : List.of(rejected(r, reasons));
  }

  /** A field's value as JSON: its text, or for a nested value the JSON it holds. */
  private @Nullable JsonNode field(BronzeRecord r, String path) {
    BronzeLayout.Field f = fieldsByPath.get(path);
    String text = f == null ? null : r.values.get(f.column());
    if (text == null) {
      return null;
    }
    if (!f.container()) {
      return TextNode.valueOf(text);
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text); // a CSV cell where a nested value belongs
    }
  }

  private SilverCandidate candidate(
      BronzeRecord r,
      Function<String, JsonNode> at,
      Map<String, JsonNode> overrides,
      String suffix) {
    Map<String, String> values = new LinkedHashMap<>();
    List<Reason> reasons = new ArrayList<>();
    for (ColumnRules column : rules.values()) {
      String name = column.spec().name();
      JsonNode raw =
          overrides.containsKey(name) ? overrides.get(name) : at.apply(column.spec().pathOrName());
      String value = column.check(raw, reasons, suffix);
      if (value != null) {
        values.put(name, value);
      }
    }
    for (ColumnRules column : rules.values()) {
      column.checkNotAfter(values, reasons, suffix);
    }
    return new SilverCandidate(
        contract.table(), r.source, r.position, values, children(at), List.copyOf(reasons));
  }

  private Map<String, List<String>> children(Function<String, JsonNode> at) {
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (ChildSpec child : contract.childrenOrEmpty()) {
      TreeSet<String> values = new TreeSet<>();
      JsonNode array = at.apply(child.path());
      if (array != null && array.isArray()) {
        for (JsonNode element : array) {
          if (element.isValueNode() && !element.isNull()) {
            String v = element.asText().trim().toLowerCase(Locale.ROOT);
            if (!v.isEmpty()) {
              values.add(v);
            }
          }
        }
      }
      children.put(child.table(), List.copyOf(values));
    }
    return children;
  }

  private SilverCandidate rejected(BronzeRecord r, List<Reason> reasons) {
    return new SilverCandidate(
        contract.table(), r.source, r.position, Map.of(), Map.of(), List.copyOf(reasons));
  }
}
