package io.strata.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;

/**
 * The hand-made retail input ({@code src/test/resources/retail-by-hand}): a few records per source,
 * whose gold DailySalesByHandIT computed by hand.
 */
final class HandFixture {
  static final Path DIR = Path.of("src", "test", "resources", "retail-by-hand");

  private HandFixture() {}

  /** A fresh copy under target/ that a test may add files to. */
  static Path copy(String name) throws IOException {
    Path target = Path.of("target", "it-input-" + name + "-" + System.nanoTime());
    FileUtils.copyDirectory(DIR.toFile(), target.toFile());
    return target;
  }
}
