#!/usr/bin/env python3
"""Writes xent's golden fixtures: test/fixtures/<family>.json, one case per line.

    /usr/bin/python3 scripts/generate_fixtures.py            (or: npm run fixtures)
    /usr/bin/python3 scripts/generate_fixtures.py poisson    (only the families named)

Expected values come from PyTorch (autograd for every gradient), SciPy and scikit-learn, never from
xent. Each family draws from its own seeded generator, so adding cases to one family leaves the
others byte-identical apart from `generatedAt`. See docs/FIXTURES.md.
"""

import datetime
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from golden import activations, binary, cross_entropy_cases, info, nll, other_losses, poisson, targets  # noqa: E402
from golden.common import Family  # noqa: E402

SEED = 20251125
FAMILIES = (
    ("cross-entropy", lambda family: (cross_entropy_cases.build(family), nll.build(family))),
    ("binary", binary.build),
    ("other-losses", other_losses.build),
    ("info", info.build),
    ("activations", activations.build),
    ("targets", targets.build),
    ("poisson", poisson.build),
)
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")


def meta(name, seed):
    return {
        "family": name,
        "seed": seed,
        "generator": "scripts/generate_fixtures.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
        "python": platform.python_version(),
        "generatedAt": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
    }


def dump(name, seed, cases):
    """One case per line keeps the diff of a regenerated file readable; allow_nan=False proves no bare NaN."""
    lines = [json.dumps(case, allow_nan=False, separators=(",", ":")) for case in cases]
    header = json.dumps(meta(name, seed), allow_nan=False)
    body = ",\n".join(lines)
    with open(os.path.join(OUT_DIR, f"{name}.json"), "w", encoding="utf-8") as handle:
        handle.write(f'{{"meta":{header},\n"cases":[\n{body}\n]}}\n')


def main():
    torch.set_default_dtype(torch.float64)
    os.makedirs(OUT_DIR, exist_ok=True)
    only = sys.argv[1:]
    total = 0
    for index, (name, build) in enumerate(FAMILIES):
        if only and name not in only:
            continue
        seed = SEED + index
        family = Family(name, seed)
        build(family)
        dump(name, seed, family.cases)
        total += len(family.cases)
        print(f"{name}: {len(family.cases)} cases")
    print(f"total: {total} cases")


if __name__ == "__main__":
    main()
