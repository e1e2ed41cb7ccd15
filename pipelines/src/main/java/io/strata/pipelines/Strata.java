package io.strata.pipelines;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The command line: {@code run} (the default), {@code generate}, {@code stack}, {@code produce} and
 * {@code bench}, each followed by Beam-style {@code --option=value} arguments ({@code --help} lists
 * them).
 */
public final class Strata {
  /**
   * Tribuo logs every training call through java.util.logging at INFO; kept here so the level
   * sticks.
   */
  private static final java.util.logging.Logger TRIBUO =
      java.util.logging.Logger.getLogger("org.tribuo");

  private Strata() {}

  /**
   * The DirectRunner re-encodes every element to check that transforms neither mutate nor fail to
   * encode them: right for tests (TestPipeline keeps it on), most of a run's time otherwise. Off
   * for {@code run} unless asked for.
   */
  public static String[] withRunDefaults(String[] args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String check : List.of("enforceImmutability", "enforceEncodability")) {
      if (all.stream().noneMatch(a -> a.startsWith("--" + check))) {
        all.add("--" + check + "=false");
      }
    }
    return all.toArray(String[]::new);
  }

  public static void main(String[] args) throws java.io.IOException {
    // Embedded services and Beam unpack under java.io.tmpdir, which the build points inside
    // target/.
    java.nio.file.Files.createDirectories(
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    TRIBUO.setLevel(java.util.logging.Level.WARNING);
    // Registered so that --help lists Strata's options with their descriptions and defaults.
    PipelineOptionsFactory.register(StrataOptions.class);
    PipelineOptionsFactory.register(GenerateOptions.class);
    PipelineOptionsFactory.register(BenchOptions.class);
    String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "run";
    String[] rest =
        args.length > 0 && !args[0].startsWith("--")
            ? Arrays.copyOfRange(args, 1, args.length)
            : args;
    int exit;
    try {
      exit =
          switch (command) {
            case "run" ->
                StrataRun.run(
                    PipelineOptionsFactory.fromArgs(withRunDefaults(rest))
                        .withValidation()
                        .as(StrataOptions.class));
            case "generate" ->
                GenerateCommand.run(
                    PipelineOptionsFactory.fromArgs(rest)
                        .withValidation()
                        .as(GenerateOptions.class));
            case "stack" ->
                StackCommand.run(
                    PipelineOptionsFactory.fromArgs(rest).withValidation().as(StrataOptions.class));
            case "produce" ->
                ProduceCommand.run(
                    PipelineOptionsFactory.fromArgs(rest)
                        .withValidation()
                        .as(ProduceOptions.class));
            case "bench" ->
                BenchCommand.run(
                    PipelineOptionsFactory.fromArgs(rest).withValidation().as(BenchOptions.class));
            default -> {
              System.err.println(
                  "unknown command '" + command + "': use run, generate, stack, produce or bench");
              yield 2;
            }
          };
    } catch (IllegalArgumentException e) {
      System.err.println("strata " + command + ": " + e.getMessage());
      exit = 2;
    }
    System.exit(exit);
  }
}
