#!/usr/bin/env python3
"""The PyTorch side of the A2C benchmark: stable-baselines3's A2C on the `minatar` package's
Breakout (minimal action set, sticky actions 0.1, the 10x10x4 state flattened to 400 inputs),
with the same network and algorithm as benchmarks/a2c (separate 400-128-3 policy and 400-128-1
value MLPs, ReLU, 16 environments, n_steps 5, ent_coef 0.01, RMSprop 7e-4), one thread.

    make bench-a2c-python        # installs stable-baselines3 and minatar with pip, then runs this
    python3 benchmarks/python/bench_a2c_sb3.py --frames 200000 --swift .build/bench/a2c.json
Prints frames per second and, given the Swift result, the ratio. Never part of `make test`.
"""
import argparse
import json
import time

import gymnasium as gym
import numpy as np
import torch
from minatar import Environment
from stable_baselines3 import A2C
from stable_baselines3.common.vec_env import DummyVecEnv


class MinAtarBreakout(gym.Env):
    def __init__(self, seed):
        self.env = Environment("breakout", sticky_action_prob=0.1)
        self.env.seed(seed)
        self.actions = [0, 1, 3]
        self.observation_space = gym.spaces.Box(0, 1, (400,), np.float32)
        self.action_space = gym.spaces.Discrete(3)

    def reset(self, seed=None, options=None):
        self.env.reset()
        return self.env.state().astype(np.float32).reshape(-1), {}

    def step(self, a):
        r, done = self.env.act(self.actions[int(a)])
        return self.env.state().astype(np.float32).reshape(-1), float(r), bool(done), False, {}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--frames", type=int, default=200_000)
    p.add_argument("--swift", help="the Swift side's JSON line (benchmarks/a2c)")
    a = p.parse_args()
    torch.set_num_threads(1)
    env = DummyVecEnv([lambda i=i: MinAtarBreakout(i) for i in range(16)])
    model = A2C("MlpPolicy", env, n_steps=5, ent_coef=0.01, seed=0, device="cpu",
                policy_kwargs=dict(net_arch=dict(pi=[128], vf=[128]), activation_fn=torch.nn.ReLU))
    model.learn(total_timesteps=1600)  # warm-up
    start = time.perf_counter()
    model.learn(total_timesteps=a.frames, reset_num_timesteps=False)
    seconds = time.perf_counter() - start
    fps = a.frames / seconds
    print(json.dumps({"implementation": "stable-baselines3", "frames": a.frames, "seconds": round(seconds, 3),
                      "frames_per_second": round(fps, 1), "torch": torch.__version__}))
    if a.swift:
        swift = json.load(open(a.swift))
        ratio = swift["frames_per_second"] / fps
        print(f"Swift {swift['frames_per_second']:.0f} frames/s, stable-baselines3 {fps:.0f} frames/s: "
              f"ratio {ratio:.1f}x (target >= 5x: {'met' if ratio >= 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
