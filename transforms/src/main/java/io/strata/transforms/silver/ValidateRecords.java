package io.strata.transforms.silver;

import io.strata.transforms.bronze.BronzeRecord;
import io.strata.transforms.contract.TableContract;
import io.strata.transforms.metrics.Count;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Types and validates bronze records against the contract. Every record comes out as candidates
 * (valid or carrying its reasons); splitting them is left until foreign keys are checked, so a
 * rejected record carries every reason at once.
 */
public final class ValidateRecords
    extends PTransform<PCollection<BronzeRecord>, PCollection<SilverCandidate>> {
  private final TableContract contract;

  private ValidateRecords(TableContract contract) {
    this.contract = contract;
  }

  public static ValidateRecords against(TableContract contract) {
    return new ValidateRecords(contract);
  }

  @Override
  public PCollection<SilverCandidate> expand(PCollection<BronzeRecord> input) {
    return input.apply(
        "Type and validate",
        ParDo.of(new ValidateFn(new RecordValidator(contract), contract.table())));
  }

  private static final class ValidateFn extends DoFn<BronzeRecord, SilverCandidate> {
    private final RecordValidator validator;
    private final Counter input;

    ValidateFn(RecordValidator validator, String table) {
      this.validator = validator;
      this.input = Count.SILVER_INPUT.counter(table);
    }

    @ProcessElement
    public void process(@Element BronzeRecord record, OutputReceiver<SilverCandidate> out) {
      input.inc();
      validator.validate(record).forEach(out::output);
    }
  }
}
