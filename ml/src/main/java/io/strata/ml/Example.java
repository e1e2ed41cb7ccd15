package io.strata.ml;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One row of a task at a window end: the entity (customer or product), its features computed from
 * data strictly before {@code windowEnd}, and its label when the label horizon has passed.
 */
public record Example(
    String id, LocalDate windowEnd, SortedMap<String, Double> features, @Nullable Double label)
    implements Serializable {}
