package io.strata.pipelines;

import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The command line: {@code run} (the default), {@code generate}, {@code stack} and {@code produce}, each followed
 * by Beam-style {@code --option=value} arguments ({@code --help} lists them).
 */
public final class Strata {
  private Strata() {}

  public static void main(String[] args) throws java.io.IOException {
    // Embedded services and Beam unpack under java.io.tmpdir, which the build points inside target/.
    java.nio.file.Files.createDirectories(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "run";
    String[] rest = args.length > 0 && !args[0].startsWith("--") ? Arrays.copyOfRange(args, 1, args.length) : args;
    int exit;
    try {
      exit = switch (command) {
        case "run" -> StrataRun.run(PipelineOptionsFactory.fromArgs(rest).withValidation().as(StrataOptions.class));
        case "generate" -> GenerateCommand.run(PipelineOptionsFactory.fromArgs(rest).withValidation().as(GenerateOptions.class));
        case "stack" -> StackCommand.run(PipelineOptionsFactory.fromArgs(rest).withValidation().as(StrataOptions.class));
        case "produce" -> ProduceCommand.run(PipelineOptionsFactory.fromArgs(rest).withValidation().as(ProduceOptions.class));
        default -> {
          System.err.println("unknown command '" + command + "': use run, generate, stack or produce");
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
