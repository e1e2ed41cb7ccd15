package io.strata.transforms.metrics;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;

/** Passes elements through unchanged, counting each into one table's {@link Count}. */
public final class CountFn<T> extends DoFn<T, T> {
  private final Counter counter;

  public CountFn(String table, Count count) {
    this.counter = count.counter(table);
  }

  @ProcessElement
  public void process(@Element T element, OutputReceiver<T> out) {
    counter.inc();
    out.output(element);
  }
}
