package io.strata.transforms.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A warehouse writer that collects a bundle's elements and writes them in batches of up to {@code
 * batchSize}, the last when the bundle finishes: nothing outlives the bundle, so a runner that
 * retries a bundle retries exactly its writes. No GroupByKey is needed first: a file, a partition
 * or a de-duplication shard arrives as one bundle, which is batch enough for COPY.
 */
public abstract class BatchPerBundleFn<T> extends WarehouseFn<T, Void> {
  private final int batchSize;
  private transient List<T> pending;

  protected BatchPerBundleFn(Warehouse warehouse, int batchSize) {
    super(warehouse);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
    this.batchSize = batchSize;
  }

  /** Writes one batch, in one transaction. */
  protected abstract void write(List<T> batch) throws SQLException;

  @StartBundle
  public void startBundle() {
    pending = new ArrayList<>();
  }

  @ProcessElement
  public void process(@Element T element) throws SQLException {
    pending.add(element);
    if (pending.size() >= batchSize) {
      flush();
    }
  }

  @FinishBundle
  public void finishBundle() throws SQLException {
    flush();
  }

  private void flush() throws SQLException {
    if (!pending.isEmpty()) {
      write(pending);
      pending = new ArrayList<>();
    }
  }
}
