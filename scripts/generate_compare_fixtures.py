#!/usr/bin/env python3
"""Writes the files and expected figures for `xent compare`, `xent calibrate` and `xent eval --from logprob`.

- compare: two real scikit-learn models' predictions on the same held-out rows; the expected
  differences, confidence intervals and p-values come from scipy.stats.ttest_rel (log loss, Brier)
  and an exact McNemar computation (scipy.stats.binomtest on the discordant pairs; the
  continuity-corrected chi-square where there are 25 or more).
- calibrate: an overconfident model's logits; the temperature from scipy.optimize.minimize_scalar
  on log T (Brent, xtol 1e-12); Platt's (a, b) from scipy.optimize.minimize (BFGS) on Platt's
  smoothed targets, cross-checked against scikit-learn's _sigmoid_calibration.
- logprob: token log-probabilities with documents and byte counts, and chat completions as the
  OpenAI API returns them; perplexity and bits by numpy.

Run: /usr/bin/python3 scripts/generate_compare_fixtures.py (after generate_cli_fixtures.py).
"""

import csv
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.optimize
import scipy.special
import scipy.stats
import sklearn
from sklearn.calibration import _sigmoid_calibration
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_cli_fixtures import (  # noqa: E402
    EPS,
    OUT,
    SEED,
    calibration,
    encode,
    fit_predictions,
    load,
    number,
    write_delimited,
    write_jsonl,
)

VERSIONS = {
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "scikit-learn": sklearn.__version__,
}
# McNemar: the exact binomial test below this many discordant pairs, the chi-square above.
EXACT_BELOW = 25


def row_figures(probabilities, labels):
    """Per-row log loss (clipped at EPS as log_loss), Brier and correctness."""
    n = len(labels)
    p_true = np.clip(probabilities[np.arange(n), labels], EPS, 1 - EPS)
    loss = -np.log(p_true)
    if probabilities.shape[1] == 2:
        brier = (probabilities[:, 1] - labels) ** 2  # brier_score_loss
    else:
        onehot = np.eye(probabilities.shape[1])[labels]
        brier = np.sum((probabilities - onehot) ** 2, axis=1)
    correct = probabilities.argmax(axis=1) == labels
    return loss, brier, correct


def t_975(df):
    """The 97.5% point of Student's t, as the root of its two-sided tail I_(df/(df+t²))(df/2, 1/2) = 0.05.
    Not scipy.stats.t.ppf nor stdtrit: in SciPy 1.10 they are off by up to 5e-9 (df = 44: 2.0153675699,
    where this root and mpmath give 2.0153675744; df = 1: 12.7062047364 where tan(0.475π) = 12.7062047362)."""
    tail = lambda t: scipy.special.betainc(df / 2, 0.5, df / (df + t * t)) - 0.05  # noqa: E731
    return float(scipy.optimize.brentq(tail, 0, 1000, xtol=1e-300, rtol=8.9e-16, maxiter=500))


def paired(a, b):
    """B − A: mean, 95% CI and p from scipy.stats.ttest_rel."""
    diff = b - a
    test = scipy.stats.ttest_rel(b, a)
    n = len(diff)
    half = t_975(n - 1) * diff.std(ddof=1) / math.sqrt(n)
    return {
        "a": float(a.mean()),
        "b": float(b.mean()),
        "difference": float(diff.mean()),
        "lower": float(diff.mean() - half),
        "upper": float(diff.mean() + half),
        "t": float(test.statistic),
        "pValue": float(test.pvalue),
    }


def mcnemar(correct_a, correct_b):
    """Accuracy B − A with the McNemar test: exact binomial on the discordant pairs when few."""
    n = len(correct_a)
    only_a = int(np.sum(correct_a & ~correct_b))
    only_b = int(np.sum(correct_b & ~correct_a))
    discordant = only_a + only_b
    if discordant == 0:
        p = 1.0
    elif discordant < EXACT_BELOW:
        p = float(scipy.stats.binomtest(only_b, discordant, 0.5).pvalue)
    else:
        statistic = (abs(only_b - only_a) - 1) ** 2 / discordant
        p = float(scipy.stats.chi2.sf(statistic, 1))
    diff = (only_b - only_a) / n
    # The Wald interval of a paired difference of proportions (Agresti, Categorical Data Analysis, 10.1).
    se = math.sqrt(max(discordant / n - diff**2, 0) / n)
    return {
        "a": float(correct_a.mean()),
        "b": float(correct_b.mean()),
        "difference": diff,
        "lower": diff - 1.959963984540054 * se,
        "upper": diff + 1.959963984540054 * se,
        "onlyA": only_a,
        "onlyB": only_b,
        "exact": discordant < EXACT_BELOW,
        "pValue": p,
    }


def compare_case(name, files, args, pa, pb, labels):
    la, ba, ca = row_figures(pa, labels)
    lb, bb, cb = row_figures(pb, labels)
    return {
        "name": name,
        "files": files,
        "args": args,
        "rows": int(len(labels)),
        "logLoss": paired(la, lb),
        "brier": paired(ba, bb),
        "accuracy": mcnemar(ca, cb),
    }


def compare_fixtures(rng):
    cases = []
    # Breast cancer, binary: Gaussian naive Bayes against logistic regression, one probability column.
    x, y, _ = load("breast_cancer.csv")
    nb, x_test, y_test = fit_predictions(GaussianNB(), x, y, 0.4)
    lr, _, _ = fit_predictions(make_pipeline(StandardScaler(), LogisticRegression(C=0.05)), x, y, 0.4)
    # The files hold p(class 1) alone, so the rows are [1 − p, p] as the CLI reads them, not predict_proba's
    # own column 0 (for p = 1 − 2e-12 that is 2e-12, where 1 − p is 0 and clips to 1e-15).
    pa, pb = (np.stack([1 - p[:, 1], p[:, 1]], axis=1) for p in (nb.predict_proba(x_test), lr.predict_proba(x_test)))
    ids = [f"case-{i:03d}" for i in range(len(y_test))]
    write_delimited(
        os.path.join(OUT, "compare_nb.csv"),
        ["id", "y", "p"],
        [[ids[i], int(y_test[i]), number(pa[i, 1])] for i in range(len(y_test))],
        ",",
    )
    # Model B's file lists the rows in another order: --id joins them.
    order = rng.permutation(len(y_test))
    write_delimited(
        os.path.join(OUT, "compare_lr.csv"),
        ["id", "y", "p"],
        [[ids[i], int(y_test[i]), number(pb[i, 1])] for i in order],
        ",",
    )
    write_delimited(
        os.path.join(OUT, "compare_lr_rows.csv"),
        ["id", "y", "p"],
        [[ids[i], int(y_test[i]), number(pb[i, 1])] for i in range(len(y_test))],
        ",",
    )
    args = ["--label", "y", "--columns", "p"]
    cases.append(compare_case("breast cancer, by row", ["compare_nb.csv", "compare_lr_rows.csv"], args, pa, pb, y_test))
    cases.append(
        compare_case("breast cancer, by id", ["compare_nb.csv", "compare_lr.csv"], [*args, "--id", "id"], pa, pb, y_test)
    )

    # Iris, 3 classes, few rows: two logistic regressions of different strength; few discordant pairs.
    x, y, names = load("iris.csv")
    strong, x_test, y_test = fit_predictions(LogisticRegression(C=10, max_iter=2000), x, y, 0.3)
    weak, _, _ = fit_predictions(LogisticRegression(C=0.02, max_iter=2000), x, y, 0.3)
    pa, pb = weak.predict_proba(x_test), strong.predict_proba(x_test)
    for path, p in (("compare_iris_weak.jsonl", pa), ("compare_iris_strong.jsonl", pb)):
        write_jsonl(
            os.path.join(OUT, path),
            ["species", *names],
            [[names[y_test[i]], *[float(v) for v in p[i]]] for i in range(len(y_test))],
        )
    cases.append(
        compare_case(
            "iris, 3 classes",
            ["compare_iris_weak.jsonl", "compare_iris_strong.jsonl"],
            ["--label", "species", "--classes", ",".join(names)],
            pa,
            pb,
            y_test,
        )
    )
    return cases


def nll(logits, labels, temperature):
    return float(-np.mean(scipy.special.log_softmax(logits / temperature, axis=1)[np.arange(len(labels)), labels]))


def after_figures(probabilities, labels):
    loss, brier, correct = row_figures(probabilities, labels)
    ece, _ = calibration(probabilities.max(axis=1), correct, np.ones(len(labels)))
    return {"logLoss": float(loss.mean()), "brier": float(brier.mean()), "ece": ece}


def temperature_fixture():
    # Digits, 10 classes: a barely regularized logistic regression is overconfident on held-out rows.
    x, y, _ = load("digits.csv.gz")
    model, x_test, y_test = fit_predictions(LogisticRegression(C=100, max_iter=5000), x / 16, y, 0.3)
    logits = model.decision_function(x_test)
    write_delimited(
        os.path.join(OUT, "calibrate_digits_logits.csv"),
        ["digit", *[f"z{k}" for k in range(10)]],
        [[int(y_test[i]), *[number(v) for v in logits[i]]] for i in range(len(y_test))],
        ",",
    )
    fit = scipy.optimize.minimize_scalar(
        lambda u: nll(logits, y_test, math.exp(u)), bracket=(-1.0, 1.0), method="brent", tol=1e-12
    )
    temperature = math.exp(fit.x)
    before = after_figures(scipy.special.softmax(logits, axis=1), y_test)
    after = after_figures(scipy.special.softmax(logits / temperature, axis=1), y_test)
    return {
        "file": "calibrate_digits_logits.csv",
        "args": ["--label", "digit"],
        "temperature": temperature,
        "before": before,
        "after": after,
        "rows": int(len(y_test)),
        "optimizer": "scipy.optimize.minimize_scalar(method='brent', tol=1e-12) on log T",
    }


def platt_fixture():
    # Breast cancer: a linear SVM's decision values, the scores Platt scaling was invented for.
    x, y, _ = load("breast_cancer.csv")
    svm, x_test, y_test = fit_predictions(make_pipeline(StandardScaler(), LinearSVC(C=0.1, max_iter=20000, random_state=SEED)), x, y, 0.4)
    scores = svm.decision_function(x_test)
    write_delimited(
        os.path.join(OUT, "calibrate_svm_scores.csv"),
        ["y", "score"],
        [[int(y_test[i]), number(scores[i])] for i in range(len(y_test))],
        ",",
    )
    positives = int(np.sum(y_test == 1))
    negatives = len(y_test) - positives
    # Platt's targets: (N+ + 1)/(N+ + 2) for a positive, 1/(N- + 2) for a negative (Platt 1999).
    target = np.where(y_test == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))

    def objective(theta):
        z = theta[0] * scores + theta[1]
        return float(np.sum(np.logaddexp(0, z) - target * z))

    def gradient(theta):
        residual = scipy.special.expit(theta[0] * scores + theta[1]) - target
        return np.array([np.sum(residual * scores), np.sum(residual)])

    fit = scipy.optimize.minimize(objective, np.zeros(2), jac=gradient, method="BFGS", options={"gtol": 1e-12})
    a, b = (float(v) for v in fit.x)
    sk_a, sk_b = _sigmoid_calibration(scores, y_test)
    probability = scipy.special.expit(a * scores + b)
    raw = scipy.special.expit(scores)
    return {
        "file": "calibrate_svm_scores.csv",
        "args": ["--label", "y", "--method", "platt"],
        "a": a,
        "b": b,
        # scikit-learn fits P = 1 / (1 + exp(A s + B)), so its (A, B) is (−a, −b); BFGS to its default tolerance.
        "sklearnSigmoidCalibration": {"a": float(-sk_a), "b": float(-sk_b)},
        "before": after_figures(np.stack([1 - raw, raw], axis=1), y_test),
        "after": after_figures(np.stack([1 - probability, probability], axis=1), y_test),
        "rows": int(len(y_test)),
        "optimizer": "scipy.optimize.minimize(method='BFGS', gtol=1e-12) on Platt's smoothed targets",
    }


def logprob_fixtures(rng):
    # Token log-probabilities of three documents, with UTF-8 byte counts per token.
    documents = {"doc-a": 7, "doc-b": 4, "doc-c": 9}
    rows = []
    for doc, tokens in documents.items():
        for _ in range(tokens):
            rows.append([doc, float(np.log(rng.uniform(0.02, 0.98))), int(rng.integers(1, 8))])
    write_delimited(
        os.path.join(OUT, "logprob_tokens.csv"),
        ["document", "logprob", "bytes"],
        [[d, number(lp), n] for d, lp, n in rows],
        ",",
    )
    lp = np.array([r[1] for r in rows])
    nbytes = np.array([r[2] for r in rows])
    doc = np.array([r[0] for r in rows])

    def figures(mask):
        nats = -lp[mask].sum()
        return {
            "tokens": int(mask.sum()),
            "bytes": int(nbytes[mask].sum()),
            "nats": float(nats),
            "perplexity": float(np.exp(nats / mask.sum())),
            "bitsPerToken": float(nats / mask.sum() / np.log(2)),
            "bitsPerByte": float(nats / nbytes[mask].sum() / np.log(2)),
        }

    everything = np.ones(len(rows), dtype=bool)
    tokens_case = {
        "file": "logprob_tokens.csv",
        "args": ["--from", "logprob", "--logprob", "logprob", "--group", "document", "--bytes", "bytes"],
        "total": figures(everything),
        "groups": [{"group": d, **figures(doc == d)} for d in documents],
    }

    # Chat completions, one per line, as the API returns them with logprobs: true.
    completions = []
    expected_groups = []
    for index, words in enumerate([["Paris", ".", ""], ["The", " answer", " is", " 42", "."]]):
        content = []
        for word in words:
            logprob = float(np.log(rng.uniform(0.05, 0.999)))
            content.append(
                {"token": word, "logprob": logprob, "bytes": list(word.encode("utf-8")), "top_logprobs": []}
            )
        completions.append(
            {
                "id": f"chatcmpl-{index}",
                "object": "chat.completion",
                "model": "example-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "".join(words)},
                        "logprobs": {"content": content},
                        "finish_reason": "stop",
                    }
                ],
            }
        )
        values = np.array([c["logprob"] for c in content])
        nbytes_ = sum(len(c["bytes"]) for c in content)
        nats = -values.sum()
        expected_groups.append(
            {
                "group": f"chatcmpl-{index}",
                "tokens": len(content),
                "bytes": nbytes_,
                "nats": float(nats),
                "perplexity": float(np.exp(nats / len(content))),
                "bitsPerToken": float(nats / len(content) / np.log(2)),
                "bitsPerByte": float(nats / nbytes_ / np.log(2)),
            }
        )
    with open(os.path.join(OUT, "chat_completions.jsonl"), "w") as f:
        for completion in completions:
            f.write(json.dumps(completion) + "\n")
    all_values = np.array([c["logprob"] for comp in completions for c in comp["choices"][0]["logprobs"]["content"]])
    all_bytes = sum(g["bytes"] for g in expected_groups)
    nats = -all_values.sum()
    chat_case = {
        "file": "chat_completions.jsonl",
        "args": ["--from", "logprob", "--group", "id"],
        "total": {
            "tokens": int(len(all_values)),
            "bytes": int(all_bytes),
            "nats": float(nats),
            "perplexity": float(np.exp(nats / len(all_values))),
            "bitsPerToken": float(nats / len(all_values) / np.log(2)),
            "bitsPerByte": float(nats / all_bytes / np.log(2)),
        },
        "groups": expected_groups,
    }
    return [tokens_case, chat_case]


def statistics_cases():
    """The distributions behind the tests, point by point: Student's t and McNemar's two forms."""
    student = [
        {"t": t, "df": df, "twoSided": float(2 * scipy.stats.t.sf(abs(t), df)), "quantile975": t_975(df)}
        for t, df in [(0.0, 1), (0.5, 1), (-2.75, 3), (1.96, 10), (3.5, 44), (-16.1, 44), (2.2, 227), (40.0, 5), (0.01, 1000)]
    ]
    mcnemar_cases = []
    for only_a, only_b, n in [(0, 0, 10), (3, 10, 228), (0, 6, 45), (12, 12, 100), (10, 30, 500), (40, 25, 1000), (0, 24, 50)]:
        correct_a = np.array([True] * only_a + [False] * only_b + [True] * (n - only_a - only_b))
        correct_b = np.array([False] * only_a + [True] * only_b + [True] * (n - only_a - only_b))
        mcnemar_cases.append({"n": n, **mcnemar(correct_a, correct_b)})
    return {"studentT": student, "mcnemar": mcnemar_cases}


def curves_fixture():
    """ROC and precision–recall of a fixture's binary scores, with ties, from scikit-learn."""
    with open(os.path.join(OUT, "breast_cancer_logit.csv")) as f:
        rows = list(csv.DictReader(f))
    labels = np.array([int(r["y"]) for r in rows])
    # Rounded to one decimal so that many scores tie, as real scores often do.
    scores = np.round(np.array([float(r["logit"]) for r in rows]), 1)
    fpr, tpr, _ = roc_curve(labels, scores, drop_intermediate=False)
    precision, recall, _ = precision_recall_curve(labels, scores)
    return {
        "labels": labels.tolist(),
        "scores": scores.tolist(),
        "auc": float(roc_auc_score(labels, scores)),
        "averagePrecision": float(average_precision_score(labels, scores)),
        "roc": {"falsePositiveRate": fpr.tolist(), "truePositiveRate": tpr.tolist()},
        # precision_recall_curve lists the points from the lowest threshold up; reversed, recall rises.
        "precisionRecall": {"recall": recall[::-1].tolist(), "precision": precision[::-1].tolist()},
    }


def main():
    rng = np.random.default_rng(SEED)
    expected = {
        "versions": VERSIONS,
        "compare": compare_fixtures(rng),
        "temperature": temperature_fixture(),
        "platt": platt_fixture(),
        "logprob": logprob_fixtures(rng),
        "statistics": statistics_cases(),
        "curves": curves_fixture(),
    }
    with open(os.path.join(OUT, "expected_compare.json"), "w") as f:
        json.dump(encode(expected), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
