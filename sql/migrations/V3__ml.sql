-- The ML stage (issue 5): the pipeline's per-window results, and the champion's predictions.

-- One row per trained model (kind 'model', with its Tribuo protobuf) and per model scored on a
-- window (kind 'evaluation'), under the Strata run that produced it. Keyed, so a replay rewrites.
CREATE TABLE ops.ml_results (
    run_id       text    NOT NULL,
    task         text    NOT NULL,
    kind         text    NOT NULL CHECK (kind IN ('model', 'evaluation')),
    window_index integer NOT NULL,
    model_window integer NOT NULL,
    payload      jsonb   NOT NULL,
    model        bytea,
    PRIMARY KEY (run_id, task, kind, window_index, model_window)
);

-- P(order in [window_end, window_end + 14 days)) per customer, by the repurchase champion.
CREATE TABLE gold.customer_scores (
    customer_id   text             NOT NULL,
    window_end    date             NOT NULL,
    p_repurchase  double precision NOT NULL,
    model_version text             NOT NULL,
    PRIMARY KEY (customer_id, window_end)
);

-- Units expected in [window_end, window_end + 7 days) per product, by the weekly-units champion.
CREATE TABLE gold.product_forecast (
    product_id     text             NOT NULL,
    window_end     date             NOT NULL,
    units_forecast double precision NOT NULL,
    model_version  text             NOT NULL,
    PRIMARY KEY (product_id, window_end)
);
