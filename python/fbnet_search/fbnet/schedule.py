"""Which batch each step trains on, and with which phase: the studio's w/theta alternation.

"epoch" (the paper's): warm-up epochs train w only; every later epoch trains w on the wSplit part of
the training data, then theta on the rest. "interleaved": every epoch walks the w part; after
warm-up a theta step on the next held-out batch follows every `thetaEvery` w steps. The w/theta
partition is fixed (theta is judged on data w never trains on) and every shuffle comes from the data
stream of the studio's seeded generator, in the studio's order."""


class Schedule:
    def __init__(self, cfg, n, data_rng):
        self.rng = data_rng
        self.B = cfg["batchSize"]
        self.epochs = cfg["epochs"]
        self.warmup = cfg["warmupEpochs"]
        self.kind = cfg.get("schedule", "epoch")
        self.every = cfg.get("thetaEvery", 4)
        if self.kind not in ("epoch", "interleaved"):
            raise ValueError(f'unknown schedule "{self.kind}" (expected epoch or interleaved)')
        if self.kind == "interleaved" and (not isinstance(self.every, int) or self.every < 1):
            raise ValueError(f"thetaEvery must be a positive integer, got {self.every}")
        n_w = int(n * cfg["wSplit"])
        self.w_steps = n_w // self.B
        self.theta_steps = (n - n_w) // self.B
        if self.w_steps < 1 or self.theta_steps < 1:
            split = f"{round(cfg['wSplit'] * 100)}/{round((1 - cfg['wSplit']) * 100)}"
            raise ValueError(f"{n} training samples split {split} give less than one batch of {self.B} for "
                             f"{'w' if self.w_steps < 1 else 'theta'}: use more samples or a smaller batch")
        everything = data_rng.shuffle(range(n))
        self.w_idx, self.theta_idx = everything[:n_w], everything[n_w:]
        self.epoch, self.phase, self.batch_in_phase, self.step_in_epoch = 0, "w", 0, 0
        self.theta_order, self.theta_cursor = [], 0
        self.order = []
        self._start_phase()
        if self.kind == "interleaved":
            # The held-out order is drawn up front and redrawn as soon as a pass over it ends.
            self.theta_order = self.rng.shuffle(self.theta_idx)
        self.total_steps = sum(self.steps_in_epoch(e) for e in range(self.epochs))
        self.total_w_steps = self.epochs * self.w_steps

    def steps_in_epoch(self, epoch):
        if epoch < self.warmup:
            return self.w_steps
        return self.w_steps + (self.theta_steps if self.kind == "epoch" else self.w_steps // self.every)

    def fraction(self):
        """Share of the current epoch already done (tauSchedule "step")."""
        return self.step_in_epoch / self.steps_in_epoch(self.epoch)

    def _start_phase(self):
        self.order = self.rng.shuffle(self.w_idx if self.phase == "w" else self.theta_idx)
        self.batch_in_phase = 0

    def batch(self):
        B = self.B
        if self.kind == "interleaved" and self.phase == "theta":
            return self.theta_order[self.theta_cursor * B:(self.theta_cursor + 1) * B]
        return self.order[self.batch_in_phase * B:(self.batch_in_phase + 1) * B]

    def advance(self):
        """Moves past the step just taken; True when that step closed an epoch."""
        self.step_in_epoch += 1
        if self.kind == "epoch":
            self.batch_in_phase += 1
            if self.phase == "w":
                if self.batch_in_phase < self.w_steps:
                    return False
                if self.epoch >= self.warmup:
                    self.phase = "theta"
                    self._start_phase()
                    return False
            elif self.batch_in_phase < self.theta_steps:
                return False
            return self._end_epoch()
        if self.phase == "theta":
            self.theta_cursor += 1
            if self.theta_cursor >= self.theta_steps:
                self.theta_order, self.theta_cursor = self.rng.shuffle(self.theta_idx), 0
            self.phase = "w"
            return self._end_epoch() if self.batch_in_phase >= self.w_steps else False
        self.batch_in_phase += 1
        if self.epoch >= self.warmup and self.batch_in_phase % self.every == 0:
            self.phase = "theta"
            return False
        return self._end_epoch() if self.batch_in_phase >= self.w_steps else False

    def _end_epoch(self):
        self.epoch += 1
        self.phase = "w"
        self.step_in_epoch = 0
        if self.epoch < self.epochs:
            self._start_phase()
        return True

    def state_dict(self):
        keys = ("epoch", "phase", "batch_in_phase", "step_in_epoch", "order", "theta_order", "theta_cursor")
        return {k: getattr(self, k) for k in keys}

    def load_state_dict(self, s):
        for k, v in s.items():
            setattr(self, k, v)
