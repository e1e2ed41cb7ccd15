package io.strata.retail.generate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pipeline will make of one table's records: every record written is counted here, at the
 * moment it is written, with the reasons it will be rejected for (none when valid).
 */
final class TableTally {
  private long records;
  private long rejected;
  private long valid;
  private long silver;
  private final TreeMap<String, Long> reasons = new TreeMap<>();

  /**
   * Counts one record.
   *
   * @param codes every rule the record breaks; empty when it is valid
   * @param newKey whether a valid record is the first valid one for its key
   */
  void accept(List<String> codes, boolean newKey) {
    records++;
    if (codes.isEmpty()) {
      valid++;
      if (newKey) {
        silver++;
      }
      return;
    }
    rejected++;
    for (String code : codes) {
      reasons.merge(code, 1L, Long::sum);
    }
  }

  long records() {
    return records;
  }

  long rejected() {
    return rejected;
  }

  long silver() {
    return silver;
  }

  /** Valid records that lose de-duplication to another valid record with the same key. */
  long superseded() {
    return valid - silver;
  }

  Map<String, Long> reasons() {
    return new TreeMap<>(reasons);
  }
}
