package io.strata.pipelines.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The stages of a run, in the order they run. */
public enum Stage {
  BRONZE,
  SILVER,
  GOLD,
  ML;

  /** The name in {@code --stages} and in {@code ops.runs.stages}, e.g. {@code bronze}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code bronze,silver}: the stages named, which run in this enum's order whatever the list's.
   */
  static Set<Stage> parse(String spec) {
    Set<Stage> stages = EnumSet.noneOf(Stage.class);
    for (String id : spec.split(",")) {
      if (id.isBlank()) {
        continue;
      }
      stages.add(
          Arrays.stream(values())
              .filter(s -> s.id().equals(id.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--stages: unknown stage '" + id.trim() + "' (use " + all() + ")")));
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("--stages: name at least one of " + all());
    }
    return stages;
  }

  private static String all() {
    return Arrays.stream(values()).map(Stage::id).collect(Collectors.joining(","));
  }
}
