package io.strata.transforms.silver;

import io.strata.transforms.contract.ForeignKeySpec;
import io.strata.transforms.quarantine.Reason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Adds a reason to every candidate whose parent is missing from silver. Parents come as {@code
 * KV<key, earliest as-of date>} (the date is empty when the key has no as-of rule) and are looked
 * up as side inputs: parent key sets are far smaller than the rows that reference them, and a
 * lookup avoids a shuffle per key. A candidate with no value in the column, or an exempt value, is
 * not checked.
 */
public final class CheckForeignKeys
    extends PTransform<PCollection<SilverCandidate>, PCollection<SilverCandidate>> {
  private final Map<ForeignKeySpec, PCollection<KV<String, String>>> parents;

  private CheckForeignKeys(Map<ForeignKeySpec, PCollection<KV<String, String>>> parents) {
    this.parents = parents;
  }

  public static CheckForeignKeys against(
      Map<ForeignKeySpec, PCollection<KV<String, String>>> parents) {
    return new CheckForeignKeys(parents);
  }

  @Override
  public PCollection<SilverCandidate> expand(PCollection<SilverCandidate> input) {
    if (parents.isEmpty()) {
      return input;
    }
    Map<ForeignKeySpec, PCollectionView<Map<String, String>>> views = new LinkedHashMap<>();
    for (Map.Entry<ForeignKeySpec, PCollection<KV<String, String>>> e : parents.entrySet()) {
      views.put(e.getKey(), e.getValue().apply("View " + e.getKey().reasonCode(), View.asMap()));
    }
    return input
        .apply("Look up parents", ParDo.of(new JudgeFn(views)).withSideInputs(views.values()))
        .setCoder(input.getCoder());
  }

  private static final class JudgeFn extends DoFn<SilverCandidate, SilverCandidate> {
    private final Map<ForeignKeySpec, PCollectionView<Map<String, String>>> views;

    /**
     * Parent maps read once per bundle: some runners (the DirectRunner among them) rebuild a map
     * view on every sideInput() call, which made the lookup cost the size of the parent table.
     */
    private transient Map<ForeignKeySpec, Map<String, String>> bundleParents;

    JudgeFn(Map<ForeignKeySpec, PCollectionView<Map<String, String>>> views) {
      this.views = views;
    }

    @StartBundle
    public void startBundle() {
      bundleParents = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element SilverCandidate c, ProcessContext context) {
      List<Reason> reasons = new ArrayList<>();
      for (Map.Entry<ForeignKeySpec, PCollectionView<Map<String, String>>> e : views.entrySet()) {
        ForeignKeySpec fk = e.getKey();
        String key = c.value(fk.column());
        if (key == null || fk.exemptOrEmpty().contains(key)) {
          continue;
        }
        Map<String, String> parentKeys =
            bundleParents.computeIfAbsent(fk, k -> context.sideInput(e.getValue()));
        String rule = fk.reasonCode().substring(fk.column().length() + 1);
        if (!parentKeys.containsKey(key)) {
          reasons.add(
              Reason.of(
                  fk.column(),
                  rule,
                  "'" + key + "' is not in silver." + fk.table() + "." + fk.referencedColumn()));
        } else if (fk.asOf() != null && !parentKeys.get(key).isEmpty()) {
          String when = c.value(fk.asOf().column());
          String earliest = parentKeys.get(key);
          if (when != null && ColumnRules.utcDate(when).isBefore(LocalDate.parse(earliest))) {
            reasons.add(
                Reason.of(
                    fk.column(),
                    rule,
                    "no silver."
                        + fk.table()
                        + " row for '"
                        + key
                        + "' on or before "
                        + ColumnRules.utcDate(when)
                        + " (the first is "
                        + earliest
                        + ")"));
          }
        }
      }
      context.output(c.withReasons(reasons));
    }
  }
}
