package io.strata.pipelines.config;

import io.strata.ml.MlOptions;

/**
 * Options of {@code run} and {@code stack}, composed from one small interface per concern;
 * Beam-style, so runner options mix in freely. {@link RunConfig#from} validates them once.
 */
public interface StrataOptions
    extends WarehouseOptions,
        SourceOptions,
        KafkaOptions,
        MlflowOptions,
        MlOptions,
        RunOptions,
        SampleOptions {}
