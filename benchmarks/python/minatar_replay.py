#!/usr/bin/env python3
"""Replays the Breakout episodes recorded in E3b run records in the reference implementation.

Each record's `episodes` lists {"start", "actions", "sticky", "rewards"}: the start side (0: the
ball starts at column 0), the agent's actions in the minimal set (0 no-op, 1 left, 2 right), per
step whether the sticky action fired (the previous executed action was repeated), and our rewards.
The reference package `minatar` (PyPI 1.0.15) draws start side and sticky events from NumPy, so
we replay the recorded draws: the game is reset and its start side set to the recorded one, sticky
actions are turned off in the package and applied from the record. Exit status 1 on any mismatch.

    pip install minatar==1.0.15   # or: make replay-minatar
    python3 benchmarks/python/minatar_replay.py runs/rlhf-deep/standard/records/*.json
Not part of `make test`.
"""
import json
import sys

from minatar import Environment

MINIMAL = [0, 1, 3]  # minimal action set -> the package's full action indices (n, l, r)


def replay(episode):
    env = Environment("breakout", sticky_action_prob=0.0)
    env.reset()
    game = env.env
    # Reset draws the start side; overwrite it with the recorded one (breakout.py reset()).
    game.ball_x, game.ball_dir = [(0, 2), (9, 3)][episode["start"]]
    game.last_x, game.last_y = game.ball_x, game.ball_y
    previous = 0  # a new environment's previous action is the no-op
    rewards = []
    terminal = False
    for action, sticky in zip(episode["actions"], episode["sticky"]):
        executed = previous if sticky else action
        previous = executed
        r, terminal = env.act(MINIMAL[executed])
        rewards.append(float(r))
    return rewards, terminal


def main(paths):
    episodes = mismatches = steps = 0
    for path in paths:
        record = json.load(open(path))
        for k, episode in enumerate(record.get("episodes") or []):
            rewards, terminal = replay(episode)
            episodes += 1
            steps += len(rewards)
            if rewards != [float(x) for x in episode["rewards"]]:
                mismatches += 1
                print(f"MISMATCH {path} episode {k}: reference return {sum(rewards)}, recorded {sum(episode['rewards'])}")
            elif not terminal and len(rewards) < 1:
                print(f"note: {path} episode {k} is empty")
    print(f"replayed {episodes} episodes ({steps} steps) from {len(paths)} records in minatar: {mismatches} mismatches")
    return 1 if mismatches or episodes == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
