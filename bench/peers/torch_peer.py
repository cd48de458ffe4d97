"""PyTorch CPU on the benchmark inputs: F.cross_entropy / F.binary_cross_entropy_with_logits,
forward under no_grad, and forward + backward. argv: dir threads reps. Prints one JSON line."""
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def rss_bytes():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def peak_bytes():
    """Linux's VmHWM: ru_maxrss survives exec, so a child would report its parent's peak."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(run, reps, warmup=1):
    # The same warm-up as bench/peers/common.mjs: at least `warmup` calls and, for calls short
    # enough, 0.2 s (at most 100 calls).
    warm_start = time.perf_counter()
    calls = 0
    while calls < warmup or (calls < 100 and time.perf_counter() - warm_start < 0.2):
        run()
        calls += 1
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {'ms': times[len(times) // 2], 'min': times[0], 'reps': reps}


def main():
    directory, threads, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    meta = json.load(open(f'{directory}/meta.json'))
    rows, columns = meta['rows'], meta['columns']
    x = torch.from_numpy(np.fromfile(f'{directory}/logits.f32', dtype=np.float32).reshape(rows, columns))
    if meta['kind'] == 'ce':
        target = torch.from_numpy(np.fromfile(f'{directory}/targets.i32', dtype=np.int32).astype(np.int64))
        loss_fn = F.cross_entropy
    else:
        target = torch.from_numpy(np.fromfile(f'{directory}/targets.f32', dtype=np.float32).reshape(rows, columns))
        loss_fn = F.binary_cross_entropy_with_logits
    before = rss_bytes()

    def forward():
        with torch.no_grad():
            return loss_fn(x, target).item()

    leaf = x.detach().requires_grad_(True)

    def backward():
        leaf.grad = None
        loss = loss_fn(leaf, target)
        loss.backward()
        return loss.item()

    loss = forward()
    fwd = timed(forward, reps)
    bwd = timed(backward, reps)
    peak = peak_bytes()
    print(json.dumps({
        'loss': loss, 'forward': fwd, 'backward': bwd, 'extraBytes': max(0, peak - before),
        'note': f'torch {torch.__version__}, {threads} threads',
    }))


main()
