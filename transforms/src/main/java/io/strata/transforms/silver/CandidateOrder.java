package io.strata.transforms.silver;

import io.strata.transforms.contract.ColumnType;
import io.strata.transforms.contract.DedupSpec;
import io.strata.transforms.contract.TableContract;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders candidates of one key by the contract's {@code dedup.order_by}: typed column values, then
 * the lineage source (as text) and position, which always end the order. The greatest wins. Absent
 * values sort first.
 */
public final class CandidateOrder implements Comparator<SilverCandidate>, Serializable {
  private final Map<String, ColumnType> orderBy = new LinkedHashMap<>();

  public CandidateOrder(TableContract contract) {
    for (String name : contract.dedupOrder()) {
      ColumnType type =
          name.equals(DedupSpec.SOURCE) || name.equals(DedupSpec.POSITION)
              ? null
              : contract.column(name).orElseThrow().columnType();
      orderBy.put(name, type);
    }
    // Lineage is unique, so ending on it makes the winner independent of arrival order.
    orderBy.putIfAbsent(DedupSpec.SOURCE, null);
    orderBy.putIfAbsent(DedupSpec.POSITION, null);
  }

  public List<String> columns() {
    return List.copyOf(orderBy.keySet());
  }

  @Override
  public int compare(SilverCandidate a, SilverCandidate b) {
    for (Map.Entry<String, ColumnType> e : orderBy.entrySet()) {
      int c = compareOne(e.getKey(), e.getValue(), a, b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareOne(
      String name, ColumnType type, SilverCandidate a, SilverCandidate b) {
    if (name.equals(DedupSpec.SOURCE)) {
      return a.source.compareTo(b.source);
    }
    if (name.equals(DedupSpec.POSITION)) {
      return Long.compare(a.position, b.position);
    }
    String x = a.value(name);
    String y = b.value(name);
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    return switch (type) {
      case INTEGER, DECIMAL -> new BigDecimal(x).compareTo(new BigDecimal(y));
      case TIMESTAMP -> Instant.parse(x).compareTo(Instant.parse(y));
      default -> x.compareTo(y);
    };
  }
}
