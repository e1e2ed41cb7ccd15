package io.strata.pipelines;

import io.strata.pipelines.retail.generate.GeneratorConfig;
import io.strata.pipelines.retail.generate.Manifest;
import io.strata.pipelines.retail.generate.RetailGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** {@code generate}: writes the retail sample. */
final class GenerateCommand {
  private GenerateCommand() {}

  static int run(GenerateOptions o) {
    Path out = Path.of(o.getOutputDir());
    GeneratorConfig defaults = GeneratorConfig.defaults(out);
    GeneratorConfig config =
        new GeneratorConfig(out, o.getSeed(), o.getDays(), o.getCustomers(), defaults.startDate());
    try {
      long start = System.nanoTime();
      Manifest manifest = RetailGenerator.generate(config);
      System.out.printf(
          "generated the retail sample into %s in %.1f s: %s%n",
          out.toAbsolutePath(), (System.nanoTime() - start) / 1e9, manifest.records());
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
