"""For each {space, blocks} on stdin: the exported package's analytic MACs/params and the parameter
count of that architecture inside the PyTorch supernet (stem, chosen blocks, head)."""
import json
import os
import sys

sys.path.insert(0, os.environ["FBNET_SEARCH_DIR"])

from fbnet.result import arch_cost  # noqa: E402
from fbnet.supernet import Supernet  # noqa: E402

out = []
for case in json.load(sys.stdin):
    macs, params = arch_cost(case["space"], case["blocks"])
    space = dict(case["space"], allowedBlocks=[[b] for b in case["blocks"]])
    out.append({"macs": macs, "params": params, "moduleParams": Supernet(space).child_params(case["blocks"])})
json.dump(out, sys.stdout)
