"""scikit-learn on the examples Strata's ml stage trains Tribuo on, exported by the bench.

usage: sklearn_fit.py <train.csv> <test.csv> <repeats>
Prints one JSON line: the fit's seconds per repeat and the AUC on the test examples.
"""
import json
import sys
import time

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

train, test, repeats = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2]), int(sys.argv[3])
features = [c for c in train.columns if c != "label"]
seconds = []
for _ in range(repeats):
    # What a data scientist would write: scaled features, logistic regression, default solver.
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    started = time.perf_counter()
    model.fit(train[features], train["label"])
    seconds.append(time.perf_counter() - started)
auc = roc_auc_score(test["label"], model.predict_proba(test[features])[:, 1])
print(json.dumps({"fit_seconds": seconds, "auc": auc}))
