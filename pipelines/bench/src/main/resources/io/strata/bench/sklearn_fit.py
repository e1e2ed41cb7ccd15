"""scikit-learn on the examples Strata's ml stage trains Tribuo on, exported by the bench.

usage: sklearn_fit.py <train.csv> <test.csv> <repeats> <warm-up fits>
Prints one JSON line: the first fit's seconds, the timed fits' seconds (after the warm-up fits,
as on the Tribuo side) and the AUC on the test examples.
"""
import json
import sys
import time

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

train, test, repeats, warm_up = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
features = [c for c in train.columns if c != "label"]


def fit():
    # What a data scientist would write: scaled features, logistic regression, default solver.
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    started = time.perf_counter()
    model.fit(train[features], train["label"])
    return model, time.perf_counter() - started


first = fit()[1]
for _ in range(warm_up - 1):
    fit()
seconds = []
for _ in range(repeats):
    model, took = fit()
    seconds.append(took)
auc = roc_auc_score(test["label"], model.predict_proba(test[features])[:, 1])
print(json.dumps({"first_fit_seconds": first, "fit_seconds": seconds, "auc": auc}))
