package io.strata.transforms.silver;

import io.strata.transforms.contract.ForeignKeySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Adds a reason to every candidate whose parent is missing from silver. Parents come as {@code
 * KV<key, earliest as-of date>} (the date is empty when the key has no as-of rule); candidates
 * are joined to them by key, one foreign key after the other. A candidate with no value in the
 * column, or an exempt value, is not checked.
 */
public final class CheckForeignKeys extends PTransform<PCollection<SilverCandidate>, PCollection<SilverCandidate>> {
  private final Map<ForeignKeySpec, PCollection<KV<String, String>>> parents;

  private CheckForeignKeys(Map<ForeignKeySpec, PCollection<KV<String, String>>> parents) {
    this.parents = parents;
  }

  public static CheckForeignKeys against(Map<ForeignKeySpec, PCollection<KV<String, String>>> parents) {
    return new CheckForeignKeys(parents);
  }

  @Override
  public PCollection<SilverCandidate> expand(PCollection<SilverCandidate> input) {
    PCollection<SilverCandidate> current = input;
    for (Map.Entry<ForeignKeySpec, PCollection<KV<String, String>>> e : parents.entrySet()) {
      current = checkOne(current, e.getKey(), e.getValue());
    }
    return current;
  }

  private static PCollection<SilverCandidate> checkOne(
      PCollection<SilverCandidate> candidates, ForeignKeySpec fk, PCollection<KV<String, String>> parentKeys) {
    String name = fk.reasonCode();
    String column = fk.column();
    List<String> exempt = fk.exemptOrEmpty();
    PCollection<SilverCandidate> checked =
        candidates.apply(name + " to check", Filter.by((SilverCandidate c) -> needsCheck(c, column, exempt)));
    PCollection<SilverCandidate> skipped =
        candidates.apply(name + " not checked", Filter.by((SilverCandidate c) -> !needsCheck(c, column, exempt)));
    TupleTag<SilverCandidate> children = new TupleTag<>() {};
    TupleTag<String> parent = new TupleTag<>() {};
    PCollection<SilverCandidate> joined =
        KeyedPCollectionTuple.of(children, checked.apply(name + " key", WithKeys.of((SilverCandidate c) -> c.value(column)).withKeyType(TypeDescriptors.strings())))
            .and(parent, parentKeys)
            .apply(name + " join", CoGroupByKey.create())
            .apply(name + " judge", ParDo.of(new JudgeFn(fk, children, parent)));
    return PCollectionList.of(joined).and(skipped).apply(name + " merge", Flatten.pCollections());
  }

  private static boolean needsCheck(SilverCandidate c, String column, List<String> exempt) {
    String v = c.value(column);
    return v != null && !exempt.contains(v);
  }

  private static final class JudgeFn extends DoFn<KV<String, CoGbkResult>, SilverCandidate> {
    private final ForeignKeySpec fk;
    private final TupleTag<SilverCandidate> children;
    private final TupleTag<String> parent;

    JudgeFn(ForeignKeySpec fk, TupleTag<SilverCandidate> children, TupleTag<String> parent) {
      this.fk = fk;
      this.children = children;
      this.parent = parent;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, OutputReceiver<SilverCandidate> out) {
      String earliest = null;
      boolean found = false;
      for (String asOf : group.getValue().getAll(parent)) {
        found = true;
        if (!asOf.isEmpty() && (earliest == null || asOf.compareTo(earliest) < 0)) {
          earliest = asOf;
        }
      }
      for (SilverCandidate c : group.getValue().getAll(children)) {
        out.output(c.withReasons(reasons(c, group.getKey(), found, earliest)));
      }
    }

    private List<Reason> reasons(SilverCandidate c, String key, boolean found, String earliest) {
      List<Reason> reasons = new ArrayList<>(1);
      String rule = fk.reasonCode().substring(fk.column().length() + 1);
      if (!found) {
        reasons.add(Reason.of(fk.column(), rule, "'" + key + "' is not in silver." + fk.table() + "." + fk.referencedColumn()));
      } else if (fk.asOf() != null && earliest != null) {
        String when = c.value(fk.asOf().column());
        if (when != null && ColumnRules.utcDate(when).isBefore(LocalDate.parse(earliest))) {
          reasons.add(Reason.of(fk.column(), rule,
              "no silver." + fk.table() + " row for '" + key + "' on or before " + ColumnRules.utcDate(when) + " (the first is " + earliest + ")"));
        }
      }
      return reasons;
    }
  }
}
