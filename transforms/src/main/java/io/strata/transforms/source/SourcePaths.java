package io.strata.transforms.source;

import java.nio.file.Path;

/**
 * Lineage names a file by its path relative to the input folder, so it survives moving the folder.
 */
final class SourcePaths {
  private SourcePaths() {}

  static String relative(String inputDir, String file) {
    Path base = Path.of(inputDir).toAbsolutePath().normalize();
    Path path = Path.of(file).toAbsolutePath().normalize();
    return path.startsWith(base) ? base.relativize(path).toString() : path.toString();
  }
}
