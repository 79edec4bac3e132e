"""FBNet differentiable architecture search (DNAS) on PyTorch, exported from FBNet Studio.

  python3 search.py --out runs/a                           # one process (CPU, or the first GPU)
  torchrun --nproc_per_node=8 search.py --out runs/a       # DDP over 8 GPUs (gloo on CPU)
  torchrun --nnodes=2 --nproc_per_node=8 --rdzv-backend=c10d --rdzv-endpoint=HOST:29500 search.py --out runs/a

Writes <out>/events.jsonl (one JSON line per step, as the studio's step events) and
<out>/result.json (fbnet-studio/search-result@1); open the folder in the studio to watch or
import the run. Only rank 0 writes. See README.md beside this file."""
import argparse
import json
import os
import sys
import time
import warnings

import torch
import torch.distributed as dist

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fbnet import data as fdata  # noqa: E402
from fbnet.loop import STREAM, Diverged, SearchLoop  # noqa: E402
from fbnet.net import BatchNorm  # noqa: E402
from fbnet.result import build_result  # noqa: E402
from fbnet.rng import Rng  # noqa: E402
from fbnet.supernet import Supernet  # noqa: E402

PACKAGE_FORMAT = "fbnet-studio/pytorch-search@1"
# DDP's note that a 1x1 conv's gradient has other strides than its bucket: harmless, and once per run.
warnings.filterwarnings("ignore", message="Grad strides do not match bucket view strides")
RUN_FORMAT = "fbnet-studio/pytorch-run@1"


def parse_args(argv):
    p = argparse.ArgumentParser(description="FBNet DNAS on PyTorch (DDP under torchrun)")
    p.add_argument("--out", required=True, help="run folder: events.jsonl, result.json, checkpoint.pt")
    p.add_argument("--package", default=os.path.join(HERE, "search.json"), help="the exported search (default: search.json beside this file)")
    p.add_argument("--data", help="a folder of IDX files or CIFAR binaries instead of the bundled subset")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--amp", action="store_true", help="bfloat16 mixed precision (GPU only)")
    p.add_argument("--sync-bn", action="store_true", help="batch statistics over every process (SyncBatchNorm) instead of per process")
    p.add_argument("--resume", action="store_true", help="continue from <out>/checkpoint.pt")
    p.add_argument("--checkpoint-every", type=int, default=0, help="also checkpoint every N steps (always at each epoch's end)")
    p.add_argument("--max-steps", type=int, default=0, help="stop (resumably) after this many steps in total")
    return p.parse_args(argv)


def setup_distributed(args):
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    if use_cuda and not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA device is available")
    device = torch.device(f"cuda:{local}") if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if use_cuda else "gloo")
    return world, rank, device


class Writer:
    """events.jsonl and result.json, written by rank 0 only; a line is flushed as soon as it is complete."""

    def __init__(self, out, active, resume_step=None):
        self.active = active
        self.events = os.path.join(out, "events.jsonl")
        self.out = out
        self.f = None
        if not active:
            return
        os.makedirs(out, exist_ok=True)
        # A result.json from before would describe another run (or this one stopped earlier) until the new one is written.
        if os.path.exists(os.path.join(out, "result.json")):
            os.remove(os.path.join(out, "result.json"))
        if resume_step is not None and os.path.exists(self.events):
            with open(self.events, encoding="utf8") as f:
                keep = [ln for ln in f if ln.endswith("\n") and json.loads(ln).get("step", 0) <= resume_step
                        and json.loads(ln).get("type") in ("start", "step", "epoch")]
            with open(self.events, "w", encoding="utf8") as f:
                f.writelines(keep)
        elif os.path.exists(self.events):
            os.remove(self.events)
        self.f = open(self.events, "a", encoding="utf8")

    def event(self, e):
        if self.f:
            self.f.write(json.dumps(e) + "\n")
            self.f.flush()

    def json(self, name, doc):
        if self.active:
            tmp = os.path.join(self.out, name + ".tmp")
            with open(tmp, "w", encoding="utf8") as f:
                json.dump(doc, f, indent=1)
                f.write("\n")
            os.replace(tmp, os.path.join(self.out, name))


def main(argv):
    args = parse_args(argv)
    world, rank, device = setup_distributed(args)
    with open(args.package, encoding="utf8") as f:
        pkg = json.load(f)
    if pkg.get("format") != PACKAGE_FORMAT:
        raise SystemExit(f"{args.package}: not an exported search ({PACKAGE_FORMAT})")
    cfg, space, table = pkg["config"], pkg["space"], pkg["table"]
    amp = args.amp and device.type == "cuda"
    if args.sync_bn and world > 1:
        BatchNorm.sync_group = dist.group.WORLD
    trx, try_, tex, tey = fdata.load(os.path.dirname(os.path.abspath(args.package)), pkg["data"], space, args.data,
                                     cfg["trainSamples"], cfg["testSamples"])
    if device.type == "cuda":
        trx, try_, tex, tey = (t.to(device) for t in (trx, try_, tex, tey))

    model = Supernet(space)
    model.init_from_rng(Rng.from_seed(cfg["seed"], STREAM["init"]))  # the same on every process
    model.to(device)
    ddp = model
    if world > 1:
        ddp = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None,
                                                        broadcast_buffers=False, find_unused_parameters=cfg["mode"] == "sampled")
    loop = SearchLoop(cfg, space, table, model, ddp, (trx, try_), (tex, tey), device, world, rank, amp)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    resume_step = None
    if args.resume:
        if not os.path.exists(ckpt_path):
            raise SystemExit(f"--resume: no checkpoint at {ckpt_path}")
        loop.load_state_dict(torch.load(ckpt_path, map_location=device))
        resume_step = loop.step_count
    runtime = {"engine": "pytorch", "worldSize": world, "device": device_name(device), "torch": torch.__version__,
               "amp": amp, "syncBatchNorm": BatchNorm.sync_group is not None}
    writer = Writer(args.out, rank == 0, resume_step)
    if resume_step is None:
        writer.event({"type": "start", "format": RUN_FORMAT, "totalSteps": loop.total_steps, "space": space, "config": cfg,
                      "table": {"name": table["name"], "fixedMs": table["fixedMs"]}, "probabilities": loop.probabilities(),
                      "runtime": runtime})

    def save_checkpoint():
        if rank == 0:
            tmp = ckpt_path + ".tmp"
            torch.save(loop.state_dict(), tmp)
            os.replace(tmp, ckpt_path)

    def write_result():
        doc = build_result(space, cfg, table, loop.probabilities(), loop.history, loop.epoch_log, loop.step_count, loop.total_steps, runtime)
        writer.json("result.json", doc)

    code = 0
    started = time.time()
    try:
        while loop.step_count < loop.total_steps:
            if args.max_steps and loop.step_count >= args.max_steps:
                save_checkpoint()
                break
            events = loop.step()
            for e in events:
                writer.event(e)
            closed_epoch = any(e["type"] == "epoch" for e in events)
            if closed_epoch or (args.checkpoint_every and loop.step_count % args.checkpoint_every == 0):
                save_checkpoint()
            if rank == 0 and (closed_epoch or loop.step_count == loop.total_steps):
                print(f"step {loop.step_count}/{loop.total_steps}  loss {events[0]['loss']:.4f}  E[LAT] {events[0]['expectedLatencyMs']:.3f} ms  "
                      f"{time.time() - started:.0f}s", flush=True)
    except Diverged as err:
        writer.event({"type": "paused", "step": loop.step_count, "reason": "diverged", "message": str(err)})
        print(f"search paused (diverged): {err}", file=sys.stderr)
        code = 1
    if loop.step_count >= loop.total_steps:
        writer.event({"type": "done", "step": loop.step_count, "stopped": False})
    if world > 1:
        runtime["thetaMaxDiffAcrossProcesses"] = theta_spread(loop.theta.detach())
    write_result()
    if rank == 0:
        print(f"wrote {os.path.join(args.out, 'result.json')}", flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()
    return code


def theta_spread(theta):
    """Largest |theta - theta on rank 0| over every process: 0 when they stayed in step."""
    ref = theta.clone()
    dist.broadcast(ref, 0)
    diff = (theta - ref).abs().max()
    dist.all_reduce(diff, op=dist.ReduceOp.MAX)
    return diff.item()


def device_name(device):
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return "cpu"


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (fdata.DataError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
