package io.strata.pipelines;

import io.strata.pipelines.config.GenerateOptions;
import io.strata.retail.generate.GeneratorConfig;
import io.strata.retail.generate.Manifest;
import io.strata.retail.generate.RetailGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** {@code generate}: writes the retail sample. */
public final class GenerateCommand implements Command<GenerateOptions> {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public Class<GenerateOptions> optionsType() {
    return GenerateOptions.class;
  }

  @Override
  public int run(GenerateOptions o) {
    Path out = Path.of(o.getOutputDir());
    GeneratorConfig config =
        GeneratorConfig.defaults(out)
            .withSeed(o.getSeed())
            .withDays(o.getDays())
            .withCustomers(o.getCustomers());
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
