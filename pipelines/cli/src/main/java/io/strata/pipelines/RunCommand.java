package io.strata.pipelines;

import io.strata.pipelines.config.RunConfig;
import io.strata.pipelines.config.StrataOptions;
import java.util.ArrayList;
import java.util.List;

/** {@code run}: every stage of a project, then the reconciliation gate ({@link StrataRun}). */
public final class RunCommand implements Command<StrataOptions> {
  @Override
  public String name() {
    return "run";
  }

  @Override
  public Class<StrataOptions> optionsType() {
    return StrataOptions.class;
  }

  /**
   * The DirectRunner re-encodes every element to check that transforms neither mutate nor fail to
   * encode them: right for tests (TestPipeline keeps it on), most of a run's time otherwise. Off
   * for {@code run} unless asked for.
   */
  @Override
  public String[] withDefaults(String[] args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String check : List.of("enforceImmutability", "enforceEncodability")) {
      if (all.stream().noneMatch(a -> a.startsWith("--" + check))) {
        all.add("--" + check + "=false");
      }
    }
    return all.toArray(String[]::new);
  }

  @Override
  public int run(StrataOptions options) {
    return StrataRun.run(RunConfig.from(options), System.out);
  }
}
