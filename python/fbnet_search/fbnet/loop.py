"""One search step at a time, as the studio takes it: Gumbel noise per sample (one path per batch in
sampled mode), the batch split into micro-batches and over the processes (each normalises with its
own batch statistics; gradients are averaged), w trained on CE by SGD with momentum and cosine
learning rate, theta trained on the full loss by Adam, BN running averages updated once per step."""
import contextlib
import math
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

from .net import BLOCK_NAMES, NUM_BLOCKS, BatchNorm
from .result import argmax_per_layer, table_latency_ms
from .rng import Rng
from .schedule import Schedule
from .supernet import expected_latency_ms, gumbel_softmax, probabilities, search_loss

STREAM = {"init": 0, "data": 1, "gumbel": 2}


class Diverged(RuntimeError):
    pass


def hard_sample(theta, noise, mask):
    """argmax of theta + g per layer among the allowed blocks (host side, first maximum wins)."""
    out = []
    for l, row in enumerate(mask):
        best, best_v = -1, -math.inf
        for i, ok in enumerate(row):
            v = theta[l][i] + noise[l][i]
            if ok and (best < 0 or v > best_v):
                best, best_v = i, v
        out.append(best)
    return out


class SearchLoop:
    def __init__(self, cfg, space, table, model, ddp, train, test, device, world=1, rank=0, amp=False):
        self.cfg, self.space, self.table = cfg, space, table
        self.model, self.ddp = model, ddp  # ddp: the DDP wrapper (or the model itself in one process)
        self.train_x, self.train_y = train
        self.test_x, self.test_y = test
        self.device, self.world, self.rank, self.amp = device, world, rank, amp
        self.mask = model.mask
        self.L = model.num_layers
        self.sampled = cfg["mode"] == "sampled"
        B = cfg["batchSize"]
        if B % world:
            raise ValueError(f"batchSize {B} cannot be split over {world} processes: use a multiple of {world}")
        self.per_rank = B // world
        mb = min(cfg.get("microBatch") or B, self.per_rank)
        if self.per_rank % mb:
            raise ValueError(f"microBatch {mb} must divide the {self.per_rank} images each process gets")
        self.micro = mb
        self.data_rng = Rng.from_seed(cfg["seed"], STREAM["data"])
        self.gumbel_rng = Rng.from_seed(cfg["seed"], STREAM["gumbel"])
        self.sched = Schedule(cfg, self.train_x.shape[0], self.data_rng)
        self.total_steps = self.sched.total_steps
        self.theta = torch.zeros(self.L, NUM_BLOCKS, device=device, requires_grad=True)
        self.lut = torch.tensor([[v if v is not None else 0.0 for v in row] for row in table["layers"]], device=device)
        self.w_opt = torch.optim.SGD(model.parameters(), lr=cfg["wLr"], momentum=cfg["wMomentum"], weight_decay=cfg["wWeightDecay"])
        self.theta_opt = torch.optim.Adam([self.theta], lr=cfg["thetaLr"], weight_decay=cfg["thetaWeightDecay"])
        self.step_count, self.w_steps_done = 0, 0
        self.history, self.epoch_log = [], []

    def _autocast(self):
        """bfloat16 mixed precision on GPU (no loss scaling needed); BN and the loss stay float32."""
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16) if self.amp else contextlib.nullcontext()

    # -- schedules -------------------------------------------------------------------------------
    def tau(self):
        c = self.cfg
        elapsed = self.sched.epoch + (self.sched.fraction() if c.get("tauSchedule", "epoch") == "step" else 0)
        return c["tau0"] * c["tauDecay"] ** elapsed

    def w_lr(self):
        return self.cfg["wLr"] * 0.5 * (1 + math.cos(math.pi * self.w_steps_done / self.sched.total_w_steps))

    def probabilities(self):
        with torch.no_grad():
            return probabilities(self.theta, self.model.bias).cpu().tolist()

    # -- one step ----------------------------------------------------------------------------------
    def step(self):
        t0 = time.perf_counter()
        cfg, L, K = self.cfg, self.L, NUM_BLOCKS
        B, phase, epoch = cfg["batchSize"], self.sched.phase, self.sched.epoch
        tau, alpha, beta = self.tau(), cfg["alpha"], cfg["beta"]
        lr = self.w_lr() if phase == "w" else cfg["thetaLr"]
        # Every process draws the whole batch's noise from the same stream and keeps its share, so the
        # noise of sample i does not depend on the number of processes.
        noise = self.gumbel_rng.gumbel((1 if self.sampled else B) * L * K).float()
        path = hard_sample(self.theta.detach().cpu().tolist(), noise.view(L, K).tolist(), self.mask) if self.sampled else None
        idx = self.sched.batch()[self.rank * self.per_rank:(self.rank + 1) * self.per_rank]
        chunks = self.per_rank // self.micro
        stats = torch.zeros(4, device=self.device, dtype=torch.float64)
        g_theta = torch.zeros_like(self.theta)
        for c in range(chunks):
            sel = torch.tensor(idx[c * self.micro:(c + 1) * self.micro], device=self.train_x.device)
            x = self.train_x[sel].to(self.device, non_blocking=True)
            y = self.train_y[sel].to(self.device, non_blocking=True)
            if self.sampled:
                g = noise.view(L, K).to(self.device)
            else:
                first = self.rank * self.per_rank + c * self.micro
                g = noise.view(B, L, K)[first:first + self.micro].to(self.device)
            th = self.theta if phase == "theta" else self.theta.detach()
            soft = gumbel_softmax(th, self.model.bias, g, tau)
            if self.sampled:
                m = F.one_hot(torch.tensor(path, device=self.device), K).float() + soft - soft.detach()
            else:
                m = soft
            net = self.ddp if phase == "w" else self.model  # theta steps need no weight gradients
            sync = contextlib.nullcontext() if (phase != "w" or c == chunks - 1 or net is self.model) else self.ddp.no_sync()
            with sync:
                with self._autocast():
                    logits = net(x, m, path)
                logits = logits.float()
                ce = F.cross_entropy(logits, y)
                lat = expected_latency_ms(m, self.lut, self.table["fixedMs"]).mean()
                loss = search_loss(ce, lat, alpha, beta, cfg["lossForm"], cfg.get("targetMs"))
                acc = (logits.argmax(1) == y).float().mean()
                stats += torch.stack([loss, ce, acc, lat]).detach().double() / chunks
                if phase == "w":
                    (ce / chunks).backward()
                else:
                    g_theta += torch.autograd.grad(loss / chunks, self.theta)[0]
        if self.world > 1:
            dist.all_reduce(stats)
            stats /= self.world
            if phase == "theta":
                dist.all_reduce(g_theta)
                g_theta /= self.world
        finite = bool(torch.isfinite(stats).all()) and (phase == "w" or bool(torch.isfinite(g_theta).all()))
        if not finite:
            self.w_opt.zero_grad(set_to_none=True)
            self._bn_updates(discard=True)
            loss_v = stats[0].item()
            what = f"the loss became {loss_v}" if not math.isfinite(loss_v) else "the theta gradient or the loss terms became non-finite"
            raise Diverged(f"{what} at step {self.step_count + 1} (epoch {epoch + 1}, {phase} phase, tau = {tau:.3g}, lr = {lr:.3g}). "
                           f"The step was not applied: raise tau or lower the {'weight' if phase == 'w' else 'theta'} learning rate.")
        if phase == "theta":
            self.theta.grad = g_theta
            self.theta_opt.param_groups[0]["lr"] = lr
            self.theta_opt.step()
            self.theta.grad = None
        else:
            self.w_opt.param_groups[0]["lr"] = lr
            self.w_opt.step()
            self.w_opt.zero_grad(set_to_none=True)
            self.w_steps_done += 1
        self._bn_updates()
        self.step_count += 1
        probs = self.probabilities()
        loss_v, ce_v, acc_v, lat_v = stats.tolist()
        argmax = [BLOCK_NAMES[i] for i in argmax_per_layer(probs)]
        ms = (time.perf_counter() - t0) * 1000
        event = {"type": "step", "step": self.step_count, "totalSteps": self.total_steps, "epoch": epoch, "phase": phase,
                 "loss": loss_v, "ce": ce_v, "accuracy": acc_v, "expectedLatencyMs": lat_v,
                 "argmaxLatencyMs": table_latency_ms(self.table, argmax), "tau": tau, "alpha": alpha, "beta": beta,
                 "wLr": lr if phase == "w" else self.w_lr(), "thetaLr": cfg["thetaLr"], "msPerStep": ms}
        self.history.append({k: v for k, v in event.items() if k not in ("type", "totalSteps")})
        if phase == "theta":
            event["probabilities"] = probs
        events = [event]
        if self.sched.advance():
            ev = {"type": "epoch", "epoch": epoch, "step": self.step_count, "validationAccuracy": self.validate(tau), "tau": tau}
            self.epoch_log.append(ev)
            events.append(ev)
        return events

    def _bn_updates(self, discard=False):
        """Running = 0.9 running + 0.1 batch, the batch statistics averaged over micro-batches and processes."""
        every = [m for m in self.model.modules() if isinstance(m, BatchNorm)]
        # Blocks a sampled path skipped ran no BN; every process took the same path.
        bns = [] if discard else [b for b in every if b.pending]
        if not bns:
            for b in every:
                b.pending = []
            return
        flat = torch.cat([torch.stack(b.pending).mean(0).reshape(-1) for b in bns])
        if self.world > 1 and BatchNorm.sync_group is None:
            dist.all_reduce(flat)
            flat /= self.world
        off = 0
        with torch.no_grad():
            for b in bns:
                c = b.running_mean.numel()
                mean, var = flat[off:off + c], flat[off + c:off + 2 * c]
                off += 2 * c
                b.running_mean.mul_(0.9).add_(mean.to(b.running_mean.dtype), alpha=0.1)
                b.running_var.mul_(0.9).add_(var.to(b.running_var.dtype), alpha=0.1)
                b.pending = []

    @torch.no_grad()
    def validate(self, tau):
        """Test accuracy with BN running averages: the noise-free mixture softmax(theta/tau), or the argmax path in sampled mode."""
        n = self.test_x.shape[0]
        if n == 0:
            return None
        self.model.eval()
        try:
            if self.sampled:
                path = argmax_per_layer(self.probabilities())
                m = F.one_hot(torch.tensor(path, device=self.device), NUM_BLOCKS).float()
            else:
                path, m = None, torch.softmax(self.theta / tau + self.model.bias, dim=-1)
            share = math.ceil(n / self.world)
            lo, hi = self.rank * share, min(n, (self.rank + 1) * share)
            correct = torch.zeros((), device=self.device)
            for s in range(lo, hi, self.cfg["batchSize"]):
                e = min(hi, s + self.cfg["batchSize"])
                x = self.test_x[s:e].to(self.device)
                with self._autocast():
                    logits = self.model(x, m, path)
                correct += (logits.float().argmax(1) == self.test_y[s:e].to(self.device)).sum()
            if self.world > 1:
                dist.all_reduce(correct)
            return correct.item() / n
        finally:
            self.model.train()

    # -- checkpoints -------------------------------------------------------------------------------
    def state_dict(self):
        return {"model": self.model.state_dict(), "theta": self.theta.detach().cpu(), "w_opt": self.w_opt.state_dict(),
                "theta_opt": self.theta_opt.state_dict(), "schedule": self.sched.state_dict(),
                "rng": {"data": self.data_rng.state, "gumbel": self.gumbel_rng.state},
                "step": self.step_count, "w_steps_done": self.w_steps_done, "history": self.history, "epochs": self.epoch_log,
                "total_steps": self.total_steps}

    def load_state_dict(self, s):
        if s["total_steps"] != self.total_steps:
            raise ValueError(f"checkpoint: {s['total_steps']} total steps, this config gives {self.total_steps}")
        self.model.load_state_dict(s["model"])
        with torch.no_grad():
            self.theta.copy_(s["theta"].to(self.device))
        self.w_opt.load_state_dict(s["w_opt"])
        self.theta_opt.load_state_dict(s["theta_opt"])
        self.sched.load_state_dict(s["schedule"])
        self.data_rng.state, self.gumbel_rng.state = s["rng"]["data"], s["rng"]["gumbel"]
        self.step_count, self.w_steps_done = s["step"], s["w_steps_done"]
        self.history, self.epoch_log = list(s["history"]), list(s["epochs"])
