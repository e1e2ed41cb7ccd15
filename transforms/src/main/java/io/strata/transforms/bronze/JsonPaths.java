package io.strata.transforms.bronze;

import com.fasterxml.jackson.databind.JsonNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Dotted paths ({@code category.parent.id}) into a JSON record. */
public final class JsonPaths {
  private JsonPaths() {}

  public static @Nullable JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String segment : path.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(segment);
    }
    return current;
  }
}
