package io.strata.pipelines;

/** Command-line entry point. */
public final class Strata {
  private Strata() {}

  public static void main(String[] args) {
    System.out.println("strata");
  }
}
