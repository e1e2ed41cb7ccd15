package io.strata.transforms.ledger;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;

/** Passes elements through unchanged, counting them into one ledger counter. */
public final class CountFn<T> extends DoFn<T, T> {
  private final Counter counter;

  public CountFn(String table, String count) {
    this.counter = LedgerCounters.counter(table, count);
  }

  @ProcessElement
  public void process(@Element T element, OutputReceiver<T> out) {
    counter.inc();
    out.output(element);
  }
}
