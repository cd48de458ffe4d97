"""scikit-learn's log_loss on a predictions CSV read with numpy.loadtxt: the eval benchmark's peer.

Usage: eval_sklearn.py FILE CLASSES  (CSV with header: y, then the probability columns)
Prints one JSON line: the log loss and the seconds from reading to the figure.
"""
import json
import sys
import time

import numpy as np
from sklearn.metrics import log_loss

path, classes = sys.argv[1], int(sys.argv[2])
started = time.perf_counter()
table = np.loadtxt(path, delimiter=",", skiprows=1)
labels = table[:, 0].astype(np.int64)
scores = table[:, 1] if classes == 2 else table[:, 1:]
loss = log_loss(labels, scores, labels=list(range(classes)))
print(json.dumps({"logLoss": float(loss), "seconds": time.perf_counter() - started}))
