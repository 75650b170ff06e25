#!/usr/bin/env python3
"""Writes Tests/EnvironmentsTests/Fixtures/minatar_breakout_episodes.json: Breakout episodes
played in the reference package `minatar` 1.0.15 (the package's own sticky actions, probability 0.1, its NumPy draws peeked at,
a policy that tracks the ball with probability 0.9), with start side, chosen actions, sticky
events, rewards and the final state, so BreakoutReplayTests can check our simulator against the
reference without Python. Regenerate with: python3 benchmarks/python/minatar_fixture.py"""
import json

import numpy as np
from minatar import Environment

MINIMAL = [0, 1, 3]


def play(seed, track, max_steps):
    env = Environment("breakout", sticky_action_prob=0.1)
    env.seed(seed)
    env.reset()
    g = env.env
    rng = np.random.RandomState(seed + 1000)
    start = 0 if g.ball_x == 0 else 1
    out = {"start": start, "actions": [], "sticky": [], "rewards": []}
    for _ in range(max_steps):
        if rng.rand() < track:
            # Aim one column ahead of the ball.
            target = g.ball_x + [-1, 1, 1, -1][g.ball_dir]
            a = 1 if target < g.pos else (2 if target > g.pos else 0)
        else:
            a = int(rng.randint(3))
        # The package's own sticky draw, peeked at without consuming it.
        state = env.random.get_state()
        sticky = bool(env.random.rand() < env.sticky_action_prob)
        env.random.set_state(state)
        r, terminal = env.act(MINIMAL[a])
        out["actions"].append(a)
        out["sticky"].append(sticky)
        out["rewards"].append(float(r))
        if terminal:
            break
    out["final"] = {"terminal": bool(g.terminal), "paddle": int(g.pos), "ball_x": int(g.ball_x), "ball_y": int(g.ball_y),
                    "direction": int(g.ball_dir), "bricks": int(np.count_nonzero(g.brick_map)),
                    "observation_sum": int(env.state().sum())}
    return out


# The five longest of 40 seeded episodes (tracking probability 0.95), and one of random play.
candidates = [play(s, 0.95, 3000) for s in range(40)]
episodes = sorted(candidates, key=lambda e: -len(e["actions"]))[:5] + [play(100, 0.0, 3000)]
json.dump(episodes, open("Tests/EnvironmentsTests/Fixtures/minatar_breakout_episodes.json", "w"), separators=(",", ":"))
for e in episodes:
    print(e["start"], len(e["actions"]), sum(e["rewards"]), e["final"])
