#!/usr/bin/env python3
"""NumPy reference for `make bench`: the five core kernels written the way a researcher would
(dense arrays, np.linalg.solve for every linear system), timed with the same harness as the
Swift `bench` (one warm-up call sizing a batch, samples over a time budget, medians), on the
instances the Swift run wrote (.build/bench/swift.json). Checks that both agree to 1e-9 and
prints one table: Swift median, NumPy median, ratio Swift/NumPy per kernel and size.

Math: docs/math.md sections 1-5 (here: tabular reward r_x = x, upper objective
f = -V_U^pi(rho) + reg/2 |x|^2 with a fixed leader reward r_U on the follower's dynamics).
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

AGREEMENT = 1e-9


# ---------------------------------------------------------------- instance

class Instance:
    def __init__(self, d):
        self.name = d["name"]
        n, m = d["n"], d["m"]
        self.n, self.m = n, m
        self.gamma, self.tau = d["gamma"], d["tau"]
        self.rho = np.array(d["rho"])
        self.c = np.array(d["continuation"])
        P = np.zeros((n, m, n))
        for sa, (succ, prob) in enumerate(zip(d["successors"], d["probabilities"])):
            P[sa // m, sa % m, succ] = prob
        self.P = P
        self.x0 = np.array(d["x0"])
        self.y0 = np.array(d["y0"]).reshape(n, m)
        self.rU = np.array(d["upperReward"]).reshape(n, m)
        self.reg = d["regularization"]
        self.lam, self.step_x, self.step_y = d["lambda"], d["stepX"], d["stepY"]
        self.tol = d["tolerance"]
        self.warmup_steps = d["warmupSteps"]


# ---------------------------------------------------------------- math

def softmax(z, temperature=1.0):
    z = (z - z.max(axis=1, keepdims=True)) / temperature
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_pos(pi):
    """log pi where pi > 0, and 0 where pi == 0 (those terms are multiplied by pi = 0, as the
    Swift core skips zero probabilities)."""
    return np.log(np.where(pi > 0, pi, 1.0))


def soft_max_value(q, tau):
    mx = q.max(axis=1)
    return mx + tau * np.log(np.exp((q - mx[:, None]) / tau).sum(axis=1))


def evaluate(I, r, pi, tau):
    """V = (I - C P_pi)^{-1} (r_pi + tau H_pi), Q = r + C P V; returns V, Q, A."""
    P_pi = np.einsum("sa,sat->st", pi, I.P)
    A = np.eye(I.n) - I.c[:, None] * P_pi
    b = (pi * (r - tau * log_pos(pi))).sum(axis=1)
    V = np.linalg.solve(A, b)
    Q = r + I.c[:, None] * (I.P @ V)
    return V, Q, A


def finish(I, r, v):
    q = r + I.c[:, None] * (I.P @ v)
    v_star = soft_max_value(q, I.tau)
    q_star = r + I.c[:, None] * (I.P @ v_star)
    return v_star, softmax(q_star, I.tau)


def soft_value_iteration(I, r, tol, max_iter=100_000):
    v = np.zeros(I.n)
    k = 0
    while k < max_iter:
        nxt = soft_max_value(r + I.c[:, None] * (I.P @ v), I.tau)
        res = np.abs(nxt - v).max()
        v = nxt
        k += 1
        if res <= tol:
            break
    v_star, pi = finish(I, r, v)
    return v_star, pi, k


def soft_policy_iteration(I, r, tol, warm=None, max_iter=100_000):
    pi = warm if warm is not None else np.full((I.n, I.m), 1.0 / I.m)
    v = np.full(I.n, -np.inf)
    k = 0
    while k < max_iter:
        V, Q, _ = evaluate(I, r, pi, I.tau)
        change = np.abs(V - v).max()
        bellman = np.abs(soft_max_value(Q, I.tau) - V).max()
        v = V
        k += 1
        # Stop on converged values, or when the Bellman residual bounds the error by tol.
        if change <= tol or bellman <= (1 - I.gamma) * tol:
            break
        pi = softmax(Q, I.tau)
    v_star, pi = finish(I, r, v)
    return v_star, pi, k


def upper(I, x, pi):
    """f = -V_U^pi(rho) + reg/2 |x|^2: returns (df/dx, df/dpi)."""
    VU, QU, AU = evaluate(I, I.rU, pi, 0.0)
    dU = np.linalg.solve(AU.T, I.rho)
    return I.reg * x, -dU[:, None] * QU


def logit_grad(pi, G):
    return pi * (G - (pi * G).sum(axis=1, keepdims=True))


def value_logit_grad(d, pi, Q, V, tau):
    """Gradient of w^T V^pi in the logits, given d = A^{-T} w."""
    return d[:, None] * pi * (Q - tau * log_pos(pi) - V[:, None])


def pbrl_update(I, x, y, pi, pen_gx, pen_gy, warm):
    """The PBRL step from the penalty's gradients: f's gradients plus lambda times the penalty's."""
    fx, G = upper(I, x, pi)
    gx = fx + I.lam * pen_gx
    gy = logit_grad(pi, G) + I.lam * pen_gy
    return (x - I.step_x * gx, y - I.step_y * gy, warm), gx, gy.ravel()


def step_pbrl_value(I, state):
    x, y, warm = state
    r = x.reshape(I.n, I.m)
    pi = softmax(y)
    V, Q, A = evaluate(I, r, pi, I.tau)
    _, pi_best, _ = soft_policy_iteration(I, r, I.tol, warm)
    Vb, Qb, Ab = evaluate(I, r, pi_best, I.tau)
    d_best = np.linalg.solve(Ab.T, I.rho)
    d = np.linalg.solve(A.T, I.rho)
    pen_gx = (d_best[:, None] * pi_best - d[:, None] * pi).ravel()
    return pbrl_update(I, x, y, pi, pen_gx, -value_logit_grad(d, pi, Q, V, I.tau), pi_best)


def step_pbrl_bellman(I, state):
    x, y, warm = state
    r = x.reshape(I.n, I.m)
    pi = softmax(y)
    V, Q, A = evaluate(I, r, pi, I.tau)
    sigma = softmax(Q, I.tau)
    rho_sigma = I.rho[:, None] * sigma
    mu = np.einsum("sa,sat->t", rho_sigma * I.c[:, None], I.P)
    z = np.linalg.solve(A.T, mu - I.rho)
    pen_gx = (z[:, None] * pi + rho_sigma).ravel()
    return pbrl_update(I, x, y, pi, pen_gx, value_logit_grad(z, pi, Q, V, I.tau), warm)


def step_hypergradient(I, state):
    x, y, warm = state
    r = x.reshape(I.n, I.m)
    _, pi_best, _ = soft_policy_iteration(I, r, I.tol, warm)
    Vb, Qb, Ab = evaluate(I, r, pi_best, I.tau)
    fx, G = upper(I, x, pi_best)
    H = logit_grad(pi_best, G) / I.tau
    h = np.einsum("sa,sat->t", H * I.c[:, None], I.P)
    z = np.linalg.solve(Ab.T, h)
    gx = fx + (z[:, None] * pi_best + H).ravel()
    with np.errstate(divide="ignore"):
        y_next = np.log(pi_best)
    return (x - I.step_x * gx, y_next, pi_best), gx, None


STEPS = {"pbrl-value": step_pbrl_value, "pbrl-bellman": step_pbrl_bellman, "hypergradient": step_hypergradient}


def prepare(I, kernel):
    """Returns (body to time, function computing the outputs to compare)."""
    r0 = I.x0.reshape(I.n, I.m)
    if kernel == "evaluate":
        pi = softmax(I.y0)

        def body():
            V, Q, A = evaluate(I, r0, pi, I.tau)
            return V, Q, np.linalg.solve(A.T, I.rho)

        def outputs():
            V, Q, d = body()
            return {"V": V, "Q": Q.ravel(), "d": d}
        return body, outputs
    if kernel in ("soft-vi", "soft-pi"):
        solve = soft_value_iteration if kernel == "soft-vi" else soft_policy_iteration
        body = lambda: solve(I, r0, I.tol)

        def outputs():
            v, _, k = body()
            return {"V": v, "iterations": np.array([float(k)])}
        return body, outputs
    step = STEPS[kernel]
    state = (I.x0.copy(), I.y0.copy(), None)
    for _ in range(I.warmup_steps):
        state, _, _ = step(I, state)
    snapshot = state

    def outputs():
        _, gx, gy = step(I, snapshot)
        out = {"gx": gx}
        if gy is not None:
            out["gy"] = gy
        return out
    return (lambda: step(I, snapshot)), outputs


# ---------------------------------------------------------------- harness

def measure(body, budget, min_samples=5, max_samples=200, min_sample_time=0.002):
    """Median per-call CPU time of this thread (and wall time) over batches of calls."""
    t0 = time.perf_counter()
    body()
    first = max(time.perf_counter() - t0, 1e-9)
    batch = max(1, int(np.ceil(min_sample_time / first)))
    cpu, wall = [], []
    start = time.perf_counter()
    while len(cpu) < max_samples and (len(cpu) < min_samples or time.perf_counter() - start < budget):
        a, c = time.perf_counter(), time.thread_time()
        for _ in range(batch):
            body()
        cpu.append((time.thread_time() - c) / batch)
        wall.append((time.perf_counter() - a) / batch)
    return float(np.median(cpu)), float(np.median(wall)), len(cpu)


def fmt(s):
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.1f} us"


def target_verdict(row):
    """(met, target speedup) for the issue's targets, or None where none applies."""
    inst = row["instance"]
    if not inst.startswith("garnet-"):
        return None
    n = int(inst.split("-")[1])
    target = 5.0 if n <= 100 else (1.0 if n == 1000 else None)
    if target is None:
        return None
    return (1 / row["ratio"] >= target, target)


def markdown_table(rows, verdicts):
    out = ["| kernel | instance | Swift | NumPy | NumPy/Swift | target |", "|---|---|---:|---:|---:|---|"]
    for r, v in zip(rows, verdicts):
        target = "" if v is None else (f"≥ {v[1]:g}x " + ("met" if v[0] else "**missed**"))
        out.append(f"| {r['kernel']} | {r['instance']} | {fmt(r['swift'])} | {fmt(r['numpy'])} | **{1 / r['ratio']:.1f}x** | {target} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--swift", default=".build/bench/swift.json", help="JSON written by the Swift bench")
    ap.add_argument("--budget", type=float, default=0.4, help="seconds of sampling per (kernel, instance)")
    ap.add_argument("--out", default=".build/bench/table.json", help="where to write the merged table (JSON)")
    ap.add_argument("--markdown", default=None, help="also write the table as Markdown (for benchmarks/README.md)")
    args = ap.parse_args()
    try:
        with open(args.swift) as f:
            data = json.load(f)
    except OSError as e:
        print(f"error: cannot read {args.swift} ({e.strerror}); run .build/release/bench first", file=sys.stderr)
        sys.exit(2)
    instances = {k: Instance(v) for k, v in data["instances"].items()}
    header = (f"{'kernel':<14} {'instance':<16} {'n':>5} {'Swift':>10} {'NumPy':>10} {'Swift/NumPy':>11} {'speedup':>8}"
              f" {'wall ratio':>10} {'max diff':>9}")
    print("CPU time per call (thread CPU time, medians; wall ratio = ratio of wall-clock medians)")
    print(header)
    print("-" * len(header))
    rows, failures = [], []
    for res in data["results"]:
        I = instances[res["instance"]]
        kernel = res["kernel"]
        body, outputs = prepare(I, kernel)
        med, wmed, count = measure(body, args.budget)
        ours = outputs()
        diff = 0.0
        for key, theirs in res["outputs"].items():
            a, b = np.asarray(ours[key]), np.asarray(theirs)
            scale = max(1.0, float(np.abs(a).max()))
            diff = max(diff, float(np.abs(a - b).max()) / scale)
        s_med = float(np.median(res["seconds"]["samples"]))
        s_wall = float(np.median(res["seconds"]["wallSamples"]))
        ratio = s_med / med
        wall_ratio = s_wall / wmed
        ok = diff <= AGREEMENT
        if not ok:
            failures.append(f"{kernel} on {res['instance']}: relative difference {diff:.2e} > {AGREEMENT:.0e}")
        rows.append({"kernel": kernel, "instance": res["instance"], "n": I.n, "swift": s_med, "swiftWall": s_wall,
                     "numpy": med, "numpyWall": wmed, "ratio": ratio, "wallRatio": wall_ratio, "maxDiff": diff})
        print(f"{kernel:<14} {res['instance']:<16} {I.n:>5} {fmt(s_med):>10} {fmt(med):>10} {ratio:>11.3f} {1 / ratio:>7.1f}x {wall_ratio:>10.3f} {diff:>9.1e}"
              + ("" if ok else "  DISAGREE"), flush=True)
    with open(args.out, "w") as f:
        json.dump({"rows": rows, "numpy": np.__version__}, f, indent=1)
    verdicts = [target_verdict(r) for r in rows]
    checked = [v for v in verdicts if v is not None]
    missed = [f"{r['kernel']} on {r['instance']} ({1 / r['ratio']:.1f}x < {v[1]:g}x)" for r, v in zip(rows, verdicts) if v and not v[0]]
    if checked:
        print(f"targets (issue 9: >= 5x for n <= 100, >= 1x at n = 1000): {len(checked) - len(missed)} of {len(checked)} met"
              + ("" if not missed else "; missed: " + ", ".join(missed)))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown_table(rows, verdicts))
    if failures:
        for line in failures:
            print("error: Swift and NumPy disagree: " + line, file=sys.stderr)
        sys.exit(1)
    print(f"all outputs agree to {AGREEMENT:.0e} (relative to max(1, |value|)); ratio < 1 means Swift is faster")


if __name__ == "__main__":
    main()
