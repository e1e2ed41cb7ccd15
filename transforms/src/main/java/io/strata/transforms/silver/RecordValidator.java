package io.strata.transforms.silver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.bronze.RecordCodes;
import io.strata.transforms.contract.ChildSpec;
import io.strata.transforms.contract.ColumnSpec;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.contract.UnnestSpec;
import io.strata.transforms.quarantine.Reason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

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

  public RecordValidator(TableContract contract) {
    this.contract = contract;
    for (ColumnSpec column : contract.columns()) {
      rules.put(column.name(), new ColumnRules(column));
    }
  }

  public List<SilverCandidate> validate(BronzeRecord r) {
    if (r.rejectCode != null || r.record == null) {
      String code = r.rejectCode == null ? RecordCodes.PARSE_ERROR : r.rejectCode;
      String message = r.rejectMessage == null ? "the record could not be read" : r.rejectMessage;
      return List.of(rejected(r, List.of(new Reason(code, null, message))));
    }
    JsonNode node;
    try {
      node = JSON.readTree(r.record);
    } catch (JsonProcessingException e) {
      return List.of(
          rejected(r, List.of(new Reason(RecordCodes.PARSE_ERROR, null, e.getOriginalMessage()))));
    }
    UnnestSpec unnest = contract.unnest();
    if (unnest == null) {
      return List.of(candidate(r, node, Map.of(), ""));
    }
    JsonNode entries = JsonPaths.at(node, unnest.path());
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
      SilverCandidate row = candidate(r, node, overrides, " (" + e.getKey() + ")");
      rows.add(row);
      reasons.addAll(row.reasons);
    }
    return reasons.isEmpty() ? rows : List.of(rejected(r, reasons));
  }

  private SilverCandidate candidate(
      BronzeRecord r, JsonNode node, Map<String, JsonNode> overrides, String suffix) {
    Map<String, String> values = new LinkedHashMap<>();
    List<Reason> reasons = new ArrayList<>();
    for (ColumnRules column : rules.values()) {
      String name = column.spec().name();
      JsonNode raw =
          overrides.containsKey(name)
              ? overrides.get(name)
              : JsonPaths.at(node, column.spec().pathOrName());
      String value = column.check(raw, reasons, suffix);
      if (value != null) {
        values.put(name, value);
      }
    }
    for (ColumnRules column : rules.values()) {
      column.checkNotAfter(values, reasons, suffix);
    }
    return new SilverCandidate(
        contract.table(), r.source, r.position, values, children(node), List.copyOf(reasons));
  }

  private Map<String, List<String>> children(JsonNode node) {
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (ChildSpec child : contract.childrenOrEmpty()) {
      TreeSet<String> values = new TreeSet<>();
      JsonNode array = JsonPaths.at(node, child.path());
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
