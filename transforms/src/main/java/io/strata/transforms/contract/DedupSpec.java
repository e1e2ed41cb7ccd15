package io.strata.transforms.contract;

import java.io.Serializable;
import java.util.List;

/**
 * How valid rows sharing a key are reduced to one: the greatest by {@code orderBy} wins, the rest
 * are superseded. Besides contract columns, {@code _source} (the lineage source, compared as text)
 * and {@code _position} (the lineage position) may be named: "the later file, then the later line".
 */
public record DedupSpec(List<String> orderBy) implements Serializable {
  public static final String SOURCE = "_source";
  public static final String POSITION = "_position";
}
