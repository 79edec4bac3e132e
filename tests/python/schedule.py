"""Walks fbnet.schedule.Schedule for the config on stdin and prints every step's phase, epoch, epoch
fraction and batch (JSON), plus the w/theta partition."""
import json
import os
import sys

sys.path.insert(0, os.environ["FBNET_SEARCH_DIR"])

from fbnet.rng import Rng  # noqa: E402
from fbnet.schedule import Schedule  # noqa: E402

d = json.load(sys.stdin)
s = Schedule(d["config"], d["n"], Rng.from_seed(d["config"]["seed"], 1))
steps = []
for _ in range(s.total_steps):
    steps.append({"phase": s.phase, "epoch": s.epoch, "fraction": s.fraction(), "batch": s.batch()})
    steps[-1]["closed"] = s.advance()
json.dump({"total": s.total_steps, "w": s.w_idx, "theta": s.theta_idx, "steps": steps, "end": s.epoch}, sys.stdout)
