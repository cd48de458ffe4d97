"""Fits the polynomial behind the WASM kernels' exp (assembly/math.ts).

The kernels compute e^d as 2^y with y = d·log2(e): y = n + f with n an integer and f in
[−1/2, 1/2], and 2^f ≈ 1 + c1·f + … + c5·f^5. This finds the c_k that minimise the largest
relative error of that polynomial over the interval (a linear programme over a dense grid, which
converges to the minimax polynomial) and prints them as float32 bit patterns, the form the kernel
source uses. Run with Debian's python3-scipy: /usr/bin/python3 scripts/fit_exp2_polynomial.py
"""

import numpy as np
from scipy.optimize import linprog

DEGREE = 5
f = np.linspace(-0.5, 0.5, 20001)
exact = 2.0**f
powers = f[:, None] ** np.arange(1, DEGREE + 1)[None, :] / exact[:, None]
target = (exact - 1) / exact
# Variables c1..c5 and E: minimise E subject to |(1 + Σ c_k f^k) / 2^f − 1| ≤ E at every grid point.
bound = -np.ones((len(f), 1))
result = linprog(
    np.r_[np.zeros(DEGREE), 1.0],
    A_ub=np.vstack([np.hstack([powers, bound]), np.hstack([-powers, bound])]),
    b_ub=np.r_[target, -target],
    bounds=[(None, None)] * DEGREE + [(0, None)],
    method="highs",
)
assert result.success, result.message
coefficients = result.x[:DEGREE].astype(np.float32)

# The error of the rounded coefficients, evaluated by Horner's rule in float32 as the kernel does.
grid = np.linspace(-0.5, 0.5, 200001).astype(np.float32)
p = np.float32(coefficients[-1])
for c in coefficients[-2::-1]:
    p = (p * grid + c).astype(np.float32)
p = (p * grid + np.float32(1)).astype(np.float32)
rounded_error = np.abs(p.astype(np.float64) / 2.0 ** grid.astype(np.float64) - 1).max()

print(f"minimax relative error {result.x[DEGREE]:.3g}; with float32 coefficients and arithmetic {rounded_error:.3g}")
for k, c in enumerate(coefficients, start=1):
    print(f"C{k}: 0x{int(c.view(np.uint32)):08x}  ({float(c)!r})")
