#!/usr/bin/env python3
"""NumPy reference for the sampler part of `make bench` (docs/sampling.md): HPGD-style rollouts
of a fixed policy (E parallel environments x T steps, restart at a terminal state or after L
steps) written as a researcher would, vectorized over the parallel environments (inverse-CDF
draws with np.cumsum tables built once, one np.random call per step for actions and one for
successors), on the instances the Swift run wrote (.build/bench/sampling.json). Prints the
Swift and NumPy medians, the throughput ratio (target >= 20x) and the HPGD step (target <= 2 ms).
Timings are thread CPU time on one core (the machine is shared; see benchmarks/README.md).
"""
import argparse
import json
import sys
import time

try:
    import numpy as np
except ImportError:
    print("error: NumPy is not installed; install it with: python3 -m pip install numpy", file=sys.stderr)
    sys.exit(2)


def rollouts(P_cdf, pi_cdf, terminal, start_cdf, E, T, L, rng):
    """States and actions of E environments over T steps, restarts at terminal or after L steps."""
    n = pi_cdf.shape[0]
    states = np.empty((T, E), dtype=np.int64)
    actions = np.empty((T, E), dtype=np.int64)
    s = np.searchsorted(start_cdf, rng.random(E), side="right")
    t_in = np.zeros(E, dtype=np.int64)
    for t in range(T):
        a = (rng.random(E)[:, None] < pi_cdf[s]).argmax(axis=1)
        states[t], actions[t] = s, a
        nxt = (rng.random(E)[:, None] < P_cdf[s, a]).argmax(axis=1)
        t_in += 1
        done = terminal[s] | (t_in >= L)
        restart = np.searchsorted(start_cdf, rng.random(E), side="right")
        s = np.where(done, restart, nxt)
        t_in = np.where(done, 0, t_in)
    return states, actions


def measure(body, budget=0.4, min_samples=5, max_samples=200, min_sample_time=0.002):
    t0 = time.process_time(); body(); first = max(time.process_time() - t0, 1e-9)
    batch = max(1, int(np.ceil(min_sample_time / first)))
    samples = []
    start = time.monotonic()
    while len(samples) < max_samples and (len(samples) < min_samples or time.monotonic() - start < budget):
        c = time.thread_time()
        for _ in range(batch):
            body()
        samples.append((time.thread_time() - c) / batch)
    return float(np.median(samples))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--swift", default=".build/bench/sampling.json")
    ap.add_argument("--budget", type=float, default=0.4)
    args = ap.parse_args()
    with open(args.swift) as f:
        d = json.load(f)
    rng = np.random.default_rng(0)
    print(f"| sampler | instance | Swift | NumPy | speedup |")
    print(f"|---|---|---|---|---|")
    met = 0
    for e in d["samplers"]:
        n, m = e["n"], e["m"]
        P = np.zeros((n, m, n))
        for sa, (succ, prob) in enumerate(zip(e["successors"], e["probabilities"])):
            P[sa // m, sa % m, succ] = prob
        P_cdf = np.cumsum(P, axis=2); P_cdf[..., -1] = 1.0
        pi_cdf = np.cumsum(np.array(e["policy"]).reshape(n, m), axis=1); pi_cdf[:, -1] = 1.0
        start_cdf = np.cumsum(e["start"]); start_cdf[-1] = 1.0
        terminal = np.array(e["terminal"], dtype=bool)
        E, T, L = e["environments"], e["steps"], e["episodeLength"]
        states, _ = rollouts(P_cdf, pi_cdf, terminal, start_cdf, E, T, L, rng)
        assert states.size == E * T
        t_np = measure(lambda: rollouts(P_cdf, pi_cdf, terminal, start_cdf, E, T, L, rng), budget=args.budget)
        s = e["seconds"]["samples"]
        t_sw = float(np.median(s))
        ratio = t_np / t_sw
        met += ratio >= 20
        print(f"| rollouts {E}x{T} | {e['name']} | {t_sw * 1e3:.3f} ms ({E * T / t_sw:.3g}/s) | {t_np * 1e3:.1f} ms ({E * T / t_np:.3g}/s) | {ratio:.0f}x |")
    h = float(np.median(d["hpgdStep"]["samples"]))
    print(f"\nHPGD outer iteration on Four Rooms (exact best response + 10,000 transitions + estimator): {h * 1e3:.3f} ms CPU (target <= 2 ms: {'met' if h <= 2e-3 else 'NOT met'})")
    print(f"sampler targets (>= 20x NumPy) met: {met} of {len(d['samplers'])}")


if __name__ == "__main__":
    main()
