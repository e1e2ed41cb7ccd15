package io.strata.retail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sample's project folder ({@code contracts/}, {@code gold/}, {@code SPEC.md}): {@value
 * #FOLDER} of the repository, found from its root (where {@code mvn exec:java} runs) or from a
 * module folder inside it (where tests run).
 */
public final class RetailProject {
  public static final String FOLDER = "pipelines/retail";

  private static final List<Path> CANDIDATES =
      List.of(Path.of(FOLDER), Path.of("..", "retail"), Path.of("..", "..", FOLDER));

  private RetailProject() {}

  public static Optional<Path> find() {
    return CANDIDATES.stream()
        .filter(p -> Files.isDirectory(p.resolve("contracts")))
        .map(Path::normalize)
        .findFirst();
  }
}
