"""MACs and params as `fbnet cost` counts them, latency from the table, and the studio's
fbnet-studio/search-result@1 document."""
import math

from .net import BLOCK_NAMES, block_spec, layer_shapes
from .rng import Rng

RESULT_STREAM = 3


def _conv(c_in, c_out, k, groups, out_size):
    w = (c_in / groups) * c_out * k * k
    return w * out_size * out_size, w + 2 * c_out


def block_cost(name, shape):
    spec = block_spec(name)
    if spec is None:
        return (0, 0) if shape["identitySkip"] else _conv(shape["cIn"], shape["cOut"], 1, 1, shape["outputSize"])
    k, e, g = spec
    mid = shape["cIn"] * e
    parts = [_conv(shape["cIn"], mid, 1, g, shape["inputSize"]), _conv(mid, mid, k, mid, shape["outputSize"]),
             _conv(mid, shape["cOut"], 1, g, shape["outputSize"])]
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


def arch_cost(space, blocks):
    shapes = layer_shapes(space)
    if len(blocks) != len(shapes):
        raise ValueError(f"architecture has {len(blocks)} blocks, the space has {len(shapes)} layers")
    stem_out = math.ceil(space["inputSize"] / space["stem"]["stride"])
    h_size = shapes[-1]["outputSize"] if shapes else stem_out
    h_c = shapes[-1]["cOut"] if shapes else space["stem"]["channels"]
    hc, nc = space["headChannels"], space["numClasses"]
    parts = [_conv(space["inputChannels"], space["stem"]["channels"], 3, 1, stem_out), _conv(h_c, hc, 1, 1, h_size),
             (hc * nc, hc * nc + nc)] + [block_cost(b, s) for b, s in zip(blocks, shapes)]
    return _num(sum(p[0] for p in parts)), _num(sum(p[1] for p in parts))


def _num(v):
    return int(v) if float(v).is_integer() else v


def table_latency_ms(table, blocks):
    total = table["fixedMs"]
    for l, b in enumerate(blocks):
        v = table["layers"][l][BLOCK_NAMES.index(b)] if l < len(table["layers"]) else None
        if v is None:
            return None
        total += v
    return total


def arch_json(name, space, blocks, table):
    macs, params = arch_cost(space, blocks)
    return {"format": "fbnet-studio/arch@1", "name": name, "space": space, "blocks": blocks, "macs": macs,
            "params": params, "latencyMs": table_latency_ms(table, blocks)}


def argmax_per_layer(probs):
    out = []
    for row in probs:
        best = 0
        for i, p in enumerate(row):
            if p > row[best]:
                best = i
        out.append(best)
    return out


def sample_from_probabilities(probs, rng):
    out = []
    for row in probs:
        u, acc, last, pick = rng.next(), 0.0, 0, None
        for i, p in enumerate(row):
            if p <= 0:
                continue
            last = i
            acc += p
            if u < acc:
                pick = i
                break
        out.append(last if pick is None else pick)
    return out


def build_result(space, config, table, probs, history, epochs, steps, total_steps, runtime):
    names = lambda idx: [BLOCK_NAMES[i] for i in idx]  # noqa: E731
    rng = Rng.from_seed(config["seed"], RESULT_STREAM)
    samples = [arch_json(f"sample_{k + 1}", space, names(sample_from_probabilities(probs, rng)), table)
               for k in range(config.get("samples", 5))]
    table_info = {"name": table["name"], "fixedMs": table["fixedMs"], **({"source": table["source"]} if table.get("source") else {})}
    return {
        "format": "fbnet-studio/search-result@1",
        "space": space,
        "argmax": arch_json("argmax", space, names(argmax_per_layer(probs)), table),
        "samples": samples,
        "probabilities": probs,
        "history": history,
        "config": config,
        "table": table_info,
        "controls": [],
        "epochs": epochs,
        "steps": steps,
        "totalSteps": total_steps,
        "stopped": steps < total_steps,
        "runtime": runtime,
    }
