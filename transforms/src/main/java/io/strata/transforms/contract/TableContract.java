package io.strata.transforms.contract;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A source table declared in YAML: where its records come from, the silver columns and their rules,
 * the key, how duplicates are resolved and which parents it references. One contract is one bronze
 * table and one silver table of the same name.
 */
public record TableContract(
    String table,
    @Nullable String description,
    SourceSpec source,
    List<ColumnSpec> columns,
    List<String> key,
    @Nullable DedupSpec dedup,
    @Nullable List<ForeignKeySpec> foreignKeys,
    @Nullable List<ChildSpec> children,
    @Nullable UnnestSpec unnest)
    implements Serializable {

  public List<ForeignKeySpec> foreignKeysOrEmpty() {
    return foreignKeys == null ? List.of() : foreignKeys;
  }

  public List<ChildSpec> childrenOrEmpty() {
    return children == null ? List.of() : children;
  }

  /** Without a dedup rule the later occurrence wins: the later source, then the later position. */
  public List<String> dedupOrder() {
    return dedup == null ? List.of(DedupSpec.SOURCE, DedupSpec.POSITION) : dedup.orderBy();
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
