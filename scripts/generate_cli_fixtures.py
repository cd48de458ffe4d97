#!/usr/bin/env python3
"""Writes the prediction files and expected figures the `xent` CLI and metrics tests check against.

Real scikit-learn models are fitted on the datasets in /work/shared/data and their predictions on
held-out rows are written as CSV, TSV, JSON Lines and Parquet into test/fixtures/cli/. The expected
figures come from scikit-learn's own metrics (log_loss, accuracy_score), SciPy (log_softmax, entropy)
and PyTorch (cross_entropy with label smoothing); the expected calibration error, which
scikit-learn does not have, is computed here in numpy with 15 equal-width bins (lower, upper].
The figures beside log loss (Brier, ROC AUC, average precision, top-5 accuracy, the confusion
matrix, the 95% intervals, class-wise and equal-mass ECE) come from generate_metric_fixtures.py's
`figures`, under "beside" in each case.

Debian's python has no pyarrow, so Parquet files are written by Node with hyparquet-writer (a
devDependency) from the same numbers; the expected figures are still computed here.

Run: /usr/bin/python3 scripts/generate_cli_fixtures.py
"""

import csv
import gzip
import json
import math
import os
import subprocess
import sys

import numpy as np
import scipy
import scipy.special
import scipy.stats
import sklearn
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from generate_metric_fixtures import figures as figures_beside_log_loss

SEED = 0
EPS = 1e-15
BINS = 15
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/work/shared/data"
OUT = os.path.join(ROOT, "test", "fixtures", "cli")
VERSIONS = {
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "scikit-learn": sklearn.__version__,
    "torch": torch.__version__,
}


def load(name):
    """The shared datasets: a header line `n, d, class names…`, then d features and a label."""
    opener = gzip.open if name.endswith(".gz") else open
    with opener(os.path.join(DATA, name), "rt") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    class_names = header[2:]
    body = np.array(rows[1:], dtype=float)
    return body[:, :-1], body[:, -1].astype(int), class_names


def encode(x):
    """JSON numbers, with non-finite values spelled as strings."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, (np.floating,)):
        return encode(float(x))
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    return x


def probability_table(scores, source):
    """The (N, C) probabilities behind a score table: itself, the softmax of the logits, or [1 − p, p]."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim == 1:
        if source == "logits":
            scores = np.stack([np.zeros_like(scores), scores], axis=1)
        else:
            return np.stack([1 - scores, scores], axis=1)
    return scipy.special.softmax(scores, axis=1) if source == "logits" else scores


def expected_figures(scores, labels, source, num_classes, weights=None, base=math.e):
    """Every figure `xent eval` reports, from scikit-learn, SciPy and numpy."""
    scores = np.asarray(scores, dtype=float)
    w = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=float)
    classes = list(range(num_classes))
    if source == "logits":
        logits = scores if scores.ndim == 2 else np.stack([np.zeros_like(scores), scores], axis=1)
        row_loss = -scipy.special.log_softmax(logits, axis=1)[np.arange(len(labels)), labels]
        nats = float(np.average(row_loss, weights=w))
        # scikit-learn on the softmax probabilities agrees where nothing needs clipping.
        check = log_loss(labels, probability_table(scores, source), eps=EPS, labels=classes, sample_weight=w)
        assert abs(check - nats) < 1e-9 * max(1, nats), (check, nats)
        clipped = 0
        per_class_loss = [float(np.average(row_loss[labels == k], weights=w[labels == k])) for k in classes]
    else:
        nats = float(log_loss(labels, scores, eps=EPS, labels=classes, sample_weight=w))
        clipped = int(np.sum((scores < EPS) | (scores > 1 - EPS)))
        per_class_loss = [
            float(log_loss(labels[labels == k], scores[labels == k], eps=EPS, labels=classes, sample_weight=w[labels == k]))
            for k in classes
        ]
    probabilities = probability_table(scores, source)
    predicted = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    accuracy = float(accuracy_score(labels, predicted, sample_weight=w))
    label_weights = np.bincount(labels, weights=w, minlength=num_classes)
    label_entropy = float(scipy.stats.entropy(label_weights))
    ece, reliability = calibration(confidence, predicted == labels, w)
    divisor = math.log(base)
    return {
        "logLoss": nats / divisor,
        "perplexity": math.exp(nats),
        "accuracy": accuracy,
        "normalizedEntropy": nats / label_entropy,
        "ece": ece,
        "count": int(len(labels)),
        "clipped": clipped,
        "perClass": [
            {"label": k, "count": int(np.sum(labels == k)), "logLoss": per_class_loss[k] / divisor} for k in classes
        ],
        "reliability": reliability,
        # Brier, AUC, AP, top-5, confusion matrix, intervals, class-wise and equal-mass ECE.
        "beside": figures_beside_log_loss(probabilities, labels, w, top_ks=(5,)),
    }


def calibration(confidence, correct, w):
    """ECE with 15 equal-width bins (lower, upper]: bin index ⌈15·c⌉ − 1."""
    index = np.clip(np.ceil(confidence * BINS).astype(int) - 1, 0, BINS - 1)
    total = w.sum()
    ece = 0.0
    table = []
    for b in range(BINS):
        inside = index == b
        weight = float(w[inside].sum())
        count = int(inside.sum())
        if count == 0:
            table.append({"count": 0, "confidence": "NaN", "accuracy": "NaN"})
            continue
        mean_confidence = float(np.sum(w[inside] * confidence[inside]) / weight)
        accuracy = float(np.sum(w[inside] * correct[inside]) / weight)
        ece += weight / total * abs(accuracy - mean_confidence)
        table.append({"count": count, "confidence": mean_confidence, "accuracy": accuracy})
    return ece, table


def number(x):
    return repr(float(x))


def write_delimited(path, header, rows, delimiter):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_jsonl(path, header, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(json.dumps(dict(zip(header, row))) + "\n")


PARQUET_WRITER = """
import { parquetWriteFile } from 'hyparquet-writer';
const { filename, columns } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
parquetWriteFile({ filename, columnData: columns, rowGroupSize: 100 });
""".replace(
    "require('node:fs')", "(await import('node:fs'))"
)


def write_parquet(path, columns):
    """Parquet through hyparquet-writer (Node), as Debian's python has no pyarrow."""
    payload = json.dumps({"filename": path, "columns": columns})
    subprocess.run(
        ["node", "--input-type=module", "-e", PARQUET_WRITER], input=payload, text=True, check=True, cwd=ROOT
    )


def fit_predictions(model, x, y, test_size):
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, random_state=SEED, stratify=y)
    model.fit(x_train, y_train)
    return model, x_test, y_test


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(SEED)
    cases = []

    # Iris, 3 classes: probabilities as CSV with class-name labels and an id column to skip.
    x, y, names = load("iris.csv")
    model, x_test, y_test = fit_predictions(
        make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=1000)), x, y, 0.5
    )
    proba = model.predict_proba(x_test)
    rows = [[f"flower-{i}", *map(number, p), names[t]] for i, (p, t) in enumerate(zip(proba, y_test))]
    write_delimited(os.path.join(OUT, "iris_proba.csv"), ["id", *names, "species"], rows, ",")
    cases.append(
        {
            "name": "iris probabilities, CSV, class names",
            "file": "iris_proba.csv",
            "args": ["--label", "species", "--classes", ",".join(names), "--columns", ",".join(names)],
            "expected": expected_figures(proba, y_test, "probabilities", 3),
        }
    )

    # Iris logits (the multinomial model's decision function) as TSV, with sample weights.
    logits = model.decision_function(x_test)
    weights = rng.uniform(0.5, 2.0, size=len(y_test)).round(3)
    rows = [[*map(number, z), number(w), int(t)] for z, w, t in zip(logits, weights, y_test)]
    write_delimited(os.path.join(OUT, "iris_logits.tsv"), ["z0", "z1", "z2", "weight", "label"], rows, "\t")
    cases.append(
        {
            "name": "iris logits, TSV, sample weights, bits",
            "file": "iris_logits.tsv",
            "args": ["--label", "label", "--from", "logits", "--sample-weight", "weight", "--base", "2"],
            "expected": expected_figures(logits, y_test, "logits", 3, weights=weights, base=2),
        }
    )

    # Breast cancer, binary: Gaussian naive Bayes gives probabilities of exactly 0 and 1, so the
    # eps clip matters. One column: the probability of class 1 (benign).
    x, y, names = load("breast_cancer.csv")
    model, x_test, y_test = fit_predictions(GaussianNB(), x, y, 0.4)
    p = model.predict_proba(x_test)[:, 1]
    write_jsonl(os.path.join(OUT, "breast_cancer_nb.jsonl"), ["p_benign", "y"], [[float(v), int(t)] for v, t in zip(p, y_test)])
    cases.append(
        {
            "name": "breast cancer naive Bayes, JSON Lines, binary probabilities with clipping",
            "file": "breast_cancer_nb.jsonl",
            "args": ["--label", "y"],
            "expected": expected_figures(p, y_test, "probabilities", 2),
        }
    )

    # Breast cancer logistic regression: one logit column, CSV.
    model, x_test, y_test = fit_predictions(
        make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=1000)), x, y, 0.4
    )
    z = model.decision_function(x_test)
    write_delimited(
        os.path.join(OUT, "breast_cancer_logit.csv"), ["y", "logit"], [[int(t), number(v)] for t, v in zip(y_test, z)], ","
    )
    cases.append(
        {
            "name": "breast cancer logistic regression, CSV, one logit column",
            "file": "breast_cancer_logit.csv",
            "args": ["--label", "y", "--from", "logits"],
            "expected": expected_figures(z, y_test, "logits", 2),
        }
    )

    # Digits, 10 classes: probabilities as Parquet (row groups of 100 rows).
    x, y, names = load("digits.csv.gz")
    model, x_test, y_test = fit_predictions(
        make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=2000)), x, y, 0.25
    )
    proba = model.predict_proba(x_test)
    columns = [{"name": f"p{k}", "data": proba[:, k].tolist(), "type": "DOUBLE"} for k in range(10)]
    columns.append({"name": "digit", "data": [int(t) for t in y_test], "type": "INT32"})
    write_parquet(os.path.join(OUT, "digits_proba.parquet"), columns)
    cases.append(
        {
            "name": "digits probabilities, Parquet, 10 classes",
            "file": "digits_proba.parquet",
            "args": ["--label", "digit"],
            "expected": expected_figures(proba, y_test, "probabilities", 10),
        }
    )

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(encode({"seed": SEED, "eps": EPS, "bins": BINS, "versions": VERSIONS, "cases": cases}), f, indent=1)
        f.write("\n")

    with open(os.path.join(OUT, "calculators.json"), "w") as f:
        json.dump(encode({"seed": SEED, "versions": VERSIONS, "cases": calculator_cases()}), f, indent=1)
        f.write("\n")


def calculator_cases():
    """Expected values of the calculator commands, from SciPy and PyTorch."""
    p = np.array([0.5, 0.25, 0.25])
    q = np.array([0.4, 0.4, 0.2])
    logits = torch.tensor([2.0, 1.0, 0.1], dtype=torch.float64)
    cases = [
        {"args": ["surprisal", "0.25"], "value": -math.log(0.25)},
        {"args": ["surprisal", "0.25", "--base", "2"], "value": 2.0},
        {"args": ["entropy", "0.5", "0.25", "0.25", "--base", "2"], "value": float(scipy.stats.entropy(p, base=2))},
        {"args": ["entropy", "0.5,0.25,0.25"], "value": float(scipy.stats.entropy(p))},
        {
            "args": ["cross-entropy", "--target", "0.5,0.25,0.25", "--pred", "0.4,0.4,0.2"],
            "value": float(-np.sum(p * np.log(q))),
        },
        {
            "args": ["ce", "--target", "0.5,0.25,0.25", "--pred", "0.4,0.4,0.2", "--base", "2"],
            "value": float(-np.sum(p * np.log2(q))),
        },
        {"args": ["kl", "--target", "0.5,0.25,0.25", "--pred", "0.4,0.4,0.2"], "value": float(scipy.stats.entropy(p, q))},
        {"args": ["softmax", "2", "1", "0.1"], "value": torch.softmax(logits, 0).tolist()},
        {"args": ["softmax", "--", "-1", "0", "1"], "value": scipy.special.softmax([-1.0, 0.0, 1.0]).tolist()},
        {
            "args": ["loss", "--logits", "2,1,0.1", "--label", "0"],
            "value": F.cross_entropy(logits[None], torch.tensor([0])).item(),
        },
        {
            "args": ["loss", "--logits", "2,1,0.1", "--label", "2", "--label-smoothing", "0.1"],
            "value": F.cross_entropy(logits[None], torch.tensor([2]), label_smoothing=0.1).item(),
        },
        {
            "args": ["loss", "--logits", "2,1,0.1", "--label", "1", "--label-smoothing", "0.2", "--base", "2"],
            "value": F.cross_entropy(logits[None], torch.tensor([1]), label_smoothing=0.2).item() / math.log(2),
        },
    ]
    return cases


if __name__ == "__main__":
    main()
