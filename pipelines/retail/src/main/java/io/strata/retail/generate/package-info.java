/**
 * The retail sample generator: {@link io.strata.retail.generate.RetailGenerator} writes the input
 * layout of pipelines/retail/SPEC.md (daily CSV and JSON Lines files, FX API pages) with every
 * defect the spec names, and a {@link io.strata.retail.generate.Manifest} that says exactly what
 * the pipeline must read, quarantine (per reason code), keep in silver and supersede, plus the
 * planted machine-learning signal.
 *
 * <p>Every record is counted when it is written, with the reasons it will be rejected for;
 * RetailGeneratorTest re-derives the same numbers from the files with an independent implementation
 * of the rules.
 */
package io.strata.retail.generate;
