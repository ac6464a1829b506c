#!/usr/bin/python3
"""Regenerates preprocessing_references.json: what scikit-learn's SimpleImputer, StandardScaler, MinMaxScaler and
OneHotEncoder (in a ColumnTransformer) make of pipeline_train.csv and pipeline_test.csv, for PipelineReferenceTests.

Needs Debian's python3-sklearn (apt-get install python3-sklearn); the tests themselves never run Python.
Run from this folder: /usr/bin/python3 make_preprocessing_references.py
"""
import csv
import json

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler

MISSING = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "?"}
NUMERIC = ["age", "income", "visits"]
CATEGORICAL = ["plan", "region"]


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    numeric = np.array([[np.nan if r[c] in MISSING else float(r[c]) for c in NUMERIC] for r in rows], dtype=np.float64)
    categorical = np.array([[None if r[c] in MISSING else r[c] for c in CATEGORICAL] for r in rows], dtype=object)
    return numeric, categorical


train_numeric, train_categorical = load("pipeline_train.csv")
test_numeric, test_categorical = load("pipeline_test.csv")
cases = []
for numeric_strategy in ["mean", "median", "most_frequent", "constant"]:
    for categorical_strategy in ["constant", "most_frequent"]:
        for scaler_name, scaler in [("standard", StandardScaler()), ("minmax", MinMaxScaler()), ("none", "passthrough")]:
            numeric_steps = Pipeline([
                ("impute", SimpleImputer(strategy=numeric_strategy, fill_value=-1.0)),
                ("scale", scaler),
            ])
            categorical_steps = Pipeline([
                ("impute", SimpleImputer(strategy=categorical_strategy, fill_value="Unknown", missing_values=None)),
                ("encode", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
            ])
            transformer = ColumnTransformer([("numeric", numeric_steps, [0, 1, 2]), ("categorical", categorical_steps, [3, 4])])
            train = np.concatenate([train_numeric, train_categorical], axis=1)
            test = np.concatenate([test_numeric, test_categorical], axis=1)
            transformer.fit(train)
            names = [n.split("__", 1)[1].replace("_", "=", 1) if n.startswith("categorical__") else n.split("__", 1)[1]
                     for n in transformer.get_feature_names_out([*NUMERIC, *CATEGORICAL])]
            cases.append({
                "numeric": numeric_strategy,
                "categorical": categorical_strategy,
                "scaling": scaler_name,
                "feature_names": names,
                "train": transformer.transform(train).astype(float).tolist(),
                "test": transformer.transform(test).astype(float).tolist(),
            })
with open("preprocessing_references.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases with scikit-learn {sklearn.__version__}")
