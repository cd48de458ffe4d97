#!/usr/bin/env python3
"""Writes test/fixtures/metrics.json: predictions and the figures scikit-learn and SciPy give for them.

Every figure the meters report beside log loss is checked here against its reference:
  Brier score        sklearn.metrics.brier_score_loss (binary); the mean of Σₖ (pₖ − onehotₖ)² otherwise
  ROC AUC            sklearn.metrics.roc_auc_score (binary; multi_class='ovr', macro and weighted)
  average precision  sklearn.metrics.average_precision_score (binary; one-hot labels, macro and weighted)
  top-k accuracy     sklearn.metrics.top_k_accuracy_score, k = 1, 2, 3
  confusion matrix   sklearn.metrics.confusion_matrix of the arg-max predictions
  accuracy interval  scipy.stats.binomtest(...).proportion_ci(method='wilson') unweighted; the
                     Wilson formula with Kish's effective n = (Σw)² / Σw² when weighted
  log loss / Brier   mean ± 1.959964 · SE, SE² = n/(n−1) · Σw²(x − m)² / (Σw)²; checked against
  intervals          scipy.stats.sem (ddof 1) when unweighted
  class-wise ECE     numpy, 15 equal-width bins (lower, upper] per class (no scikit-learn function)
  equal-mass ECE     numpy, bins cut from a 4096-bin logit grid at j·W/15 (no scikit-learn function)
Each case is binary or multi-class, with heavy ties (scores drawn from a few prototype rows, or
rounded), with and without sample weights; the fitted cases come from scikit-learn models.

Run: /usr/bin/python3 scripts/generate_metric_fixtures.py
"""

import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.special
import scipy.stats
import sklearn
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    log_loss,
    roc_auc_score,
    top_k_accuracy_score,
)
from sklearn.preprocessing import label_binarize

SEED = 0
EPS = 1e-15
BINS = 15
FINE_BINS = 4096
LOGIT_RANGE = 16
Z95 = scipy.stats.norm.ppf(0.975)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "metrics.json")


def normal_interval(values, w):
    mean = np.average(values, weights=w)
    n = len(values)
    se = math.sqrt(n / (n - 1) * np.sum(w**2 * (values - mean) ** 2)) / np.sum(w)
    if np.all(w == 1):
        assert abs(se - scipy.stats.sem(values)) <= 1e-12 * max(se, 1e-300), (se, scipy.stats.sem(values))
    return {"lower": mean - Z95 * se, "upper": mean + Z95 * se}


def wilson(correct, w):
    if np.all(w == 1):
        ci = scipy.stats.binomtest(int(correct.sum()), len(correct)).proportion_ci(0.95, method="wilson")
        return {"lower": ci.low, "upper": ci.high}
    p = np.sum(w * correct) / np.sum(w)
    n = np.sum(w) ** 2 / np.sum(w**2)
    z2 = Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return {"lower": max(0.0, centre - half), "upper": min(1.0, centre + half)}


def classwise_ece(probabilities, labels, w):
    eces = []
    for k in range(probabilities.shape[1]):
        p = probabilities[:, k]
        index = np.clip(np.ceil(p * BINS).astype(int) - 1, 0, BINS - 1)
        gap = 0.0
        for b in range(BINS):
            inside = index == b
            if w[inside].sum() > 0:
                gap += abs(np.sum(w[inside] * (labels[inside] == k)) - np.sum(w[inside] * p[inside]))
        eces.append(gap / w.sum())
    return float(np.mean(eces))


def equal_mass_ece(confidence, correct, w):
    with np.errstate(divide="ignore"):
        logit = np.log(confidence) - np.log1p(-confidence)
    fine = np.clip(np.floor((logit + LOGIT_RANGE) / (2 * LOGIT_RANGE) * FINE_BINS), 0, FINE_BINS - 1).astype(int)
    total = w.sum()
    filled = sorted(set(fine.tolist()))
    ece, cumulative, closed, members = 0.0, 0.0, 1, []
    for f in filled:
        members.append(f)
        cumulative += w[fine == f].sum()
        if cumulative < closed * total / BINS and f != filled[-1]:
            continue
        while closed < BINS and cumulative >= closed * total / BINS:
            closed += 1
        inside = np.isin(fine, members)
        ece += abs(np.sum(w[inside] * correct[inside]) - np.sum(w[inside] * confidence[inside])) / total
        members = []
    return ece


def figures(probabilities, labels, w, top_ks=(1, 2, 3)):
    """The expected figures for (N, C) probabilities (two classes: class 1 is the positive class)."""
    n, c = probabilities.shape
    classes = list(range(c))
    onehot = label_binarize(labels, classes=classes) if c > 2 else np.stack([1 - labels, labels], axis=1)
    clipped = np.clip(probabilities, EPS, 1 - EPS)
    clipped = clipped / clipped.sum(axis=1, keepdims=True)
    row_loss = -np.log(clipped[np.arange(n), labels])
    assert abs(np.average(row_loss, weights=w) - log_loss(labels, probabilities, eps=EPS, labels=classes, sample_weight=w)) < 1e-12
    predicted = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    correct = (predicted == labels).astype(float)
    if c == 2:
        p1 = probabilities[:, 1]
        row_brier = (p1 - labels) ** 2
        brier = brier_score_loss(labels, p1, sample_weight=w)
        auc = roc_auc_score(labels, p1, sample_weight=w)
        ap = average_precision_score(labels, p1, sample_weight=w)
        rocAuc = {"macro": auc, "weighted": auc}
        averagePrecision = {"macro": ap, "weighted": ap}
        perClass = [{"label": 1, "rocAuc": auc, "averagePrecision": ap}]
        top_k = {k: top_k_accuracy_score(labels, p1, k=k, labels=classes, sample_weight=w) for k in top_ks if k <= 2 or len(top_ks) == 1}
    else:
        row_brier = np.sum((probabilities - onehot) ** 2, axis=1)
        brier = np.average(row_brier, weights=w)
        rocAuc = {
            a: roc_auc_score(labels, probabilities, multi_class="ovr", average=a, labels=classes, sample_weight=w)
            for a in ("macro", "weighted")
        }
        averagePrecision = {
            a: average_precision_score(onehot, probabilities, average=a, sample_weight=w) for a in ("macro", "weighted")
        }
        perClass = [
            {
                "label": k,
                "rocAuc": roc_auc_score(onehot[:, k], probabilities[:, k], sample_weight=w),
                "averagePrecision": average_precision_score(onehot[:, k], probabilities[:, k], sample_weight=w),
            }
            for k in classes
        ]
        top_k = {k: top_k_accuracy_score(labels, probabilities, k=k, labels=classes, sample_weight=w) for k in top_ks}
    return {
        "logLoss": float(np.average(row_loss, weights=w)),
        "logLossInterval": normal_interval(row_loss, w),
        "accuracy": float(np.average(correct, weights=w)),
        "accuracyInterval": wilson(correct, w),
        "brier": float(brier),
        "brierInterval": normal_interval(row_brier, w),
        "topK": {str(k): float(v) for k, v in top_k.items()},
        "confusionMatrix": confusion_matrix(labels, predicted, labels=classes, sample_weight=w).astype(float).tolist(),
        "rocAuc": rocAuc,
        "averagePrecision": averagePrecision,
        "perClass": perClass,
        "classwiseEce": classwise_ece(probabilities, labels, w),
        "equalMassEce": equal_mass_ece(confidence, correct, w),
        "count": n,
    }


def fitted(n_classes, n, rng):
    """A logistic regression's held-out probabilities on a synthetic problem."""
    x, y = make_classification(
        n_samples=2 * n, n_features=8, n_informative=5, n_classes=n_classes, random_state=int(rng.integers(1 << 30))
    )
    model = LogisticRegression(max_iter=1000).fit(x[:n], y[:n])
    return model.predict_proba(x[n:]), y[n:]


def prototypes(n_classes, n, rng):
    """Rows drawn from eight prototype probability rows: every score is tied with many others."""
    table = rng.dirichlet(np.ones(n_classes), size=8)
    table[0] = 1 / n_classes  # a row tied across every class
    rows = rng.integers(0, 8, size=n)
    probabilities = table[rows]
    labels = np.array([rng.choice(n_classes, p=p) for p in probabilities])
    labels[:n_classes] = np.arange(n_classes)  # every class present
    return probabilities, labels


def case(name, probabilities, labels, weights=None, single_column=False):
    n = len(labels)
    w = np.ones(n) if weights is None else weights
    scores = probabilities[:, 1] if single_column else probabilities
    return {
        "name": name,
        "probabilities": scores.tolist(),
        "labels": labels.astype(int).tolist(),
        "sampleWeight": None if weights is None else weights.tolist(),
        "expected": figures(probabilities, labels.astype(int), w),
    }


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    p, y = fitted(2, 300, rng)
    cases.append(case("binary logistic regression, single column", p, y, single_column=True))
    rounded = np.round(p[:, 1], 1)
    cases.append(
        case(
            "binary rounded to one decimal (ties), weighted",
            np.stack([1 - rounded, rounded], axis=1),
            y,
            weights=rng.uniform(0.2, 3, size=len(y)),
            single_column=True,
        )
    )
    p, y = fitted(4, 400, rng)
    cases.append(case("4 classes, logistic regression", p, y))
    cases.append(case("4 classes, logistic regression, weighted", p, y, weights=rng.integers(1, 5, size=len(y)).astype(float)))
    p, y = prototypes(5, 250, rng)
    cases.append(case("5 classes from 8 prototype rows (ties)", p, y))
    cases.append(case("5 classes from 8 prototype rows (ties), weighted", p, y, weights=rng.uniform(0.1, 2, size=len(y))))
    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}
    with open(OUT, "w") as f:
        json.dump({"versions": versions, "seed": SEED, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
