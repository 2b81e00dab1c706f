#!/usr/bin/env python3
"""PyTorch peer for `alexnet bench`: the same network (two towers as groups=2 convolutions, LRN,
overlapping pooling, dropout) on the same shapes, timed the same way; for the `torchvision` cases,
torchvision's own `alexnet` (one tower, no LRN: what most users run). Prints one JSON line.

usage: torch_bench.py CASE[-best]   with CASE as CONFIG-MODE-BATCH: CONFIG paper, cifar10 or torchvision,
                                    MODE train or infer; "-best": PyTorch's best CPU settings as well
                                    (channels-last memory format; oneDNN is on by default when built in)
       torch_bench.py profile-CONFIG-BATCH[-REPS]   per-layer times, the way `alexnet profile` measures
"""
import os
import json
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(2)


def alexnet(classes, widths, fc, conv1, inp):
    k1, s1, p1 = conv1
    w1, w2, w3, w4, w5 = widths
    return nn.Sequential(
        nn.Conv2d(3, w1, k1, s1, p1), nn.ReLU(), nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0),
        nn.MaxPool2d(3, 2),
        nn.Conv2d(w1, w2, 5, 1, 2, groups=2), nn.ReLU(), nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0),
        nn.MaxPool2d(3, 2),
        nn.Conv2d(w2, w3, 3, 1, 1), nn.ReLU(),
        nn.Conv2d(w3, w4, 3, 1, 1, groups=2), nn.ReLU(),
        nn.Conv2d(w4, w5, 3, 1, 1, groups=2), nn.ReLU(),
        nn.MaxPool2d(3, 2), nn.Flatten(),
        nn.LazyLinear(fc), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(fc, fc), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(fc, classes))


# PyTorch's LocalResponseNorm divides alpha by n, so alpha = 5 * 1e-4 gives the paper's formula.
CASES = {
    "paper": dict(classes=1000, widths=(96, 256, 384, 384, 256), fc=4096, conv1=(11, 4, 0), inp=227),
    "cifar10": dict(classes=10, widths=(48, 128, 192, 192, 128), fc=1024, conv1=(5, 1, 2), inp=28),
}


def network(config):
    """The network and its input side for a case's CONFIG."""
    if config == "torchvision":
        import torchvision
        return torchvision.models.alexnet(num_classes=1000), 224, 1000
    c = CASES[config]
    return alexnet(**c), c["inp"], c["classes"]


def main(case):
    best = case.endswith("-best")
    bf16 = case.removesuffix("-best").endswith("-bf16")
    config, mode, batch = case.removesuffix("-best").removesuffix("-bf16").split("-")
    batch = int(batch)
    net, side, classes = network(config)
    x = torch.randn(batch, 3, side, side)
    y = torch.randint(0, classes, (batch,))
    net(x[:1])  # materialise the lazy layer
    if best:
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
        if bf16 and mode == "infer":
            # at its best, bf16 inference keeps the weights in bfloat16 once, instead of autocast's per-call casts
            net, x = net.to(torch.bfloat16), x.to(torch.bfloat16)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        if mode == "train":
            # bf16 training is mixed precision, PyTorch's way: autocast runs the forward pass's convolutions and
            # linear layers in bfloat16 (their backward follows), the weights and the optimiser stay float32
            net.train()
            opt.zero_grad()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
        elif bf16 and best:
            net.eval()
            with torch.no_grad():
                net(x)
        elif bf16:
            # PyTorch's own bf16 mode on a CPU: autocast runs convolutions and linear layers in bfloat16
            net.eval()
            with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
                net(x)
        else:
            net.eval()
            with torch.no_grad():
                net(x)

    # one image: as BenchCommand.BATCH1_WARMUP / BATCH1_TIMED (a warmed-up process's latency)
    warmup, iters = (50, 100) if batch == 1 else (2, 5) if config in ("paper", "torchvision") else (3, 15)
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iters):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"case": case, "images_per_second": batch / statistics.median(times), "peak_rss_mb": rss_mb,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "blas": blas_library(), "settings": settings(best),
                      "precision": ("bf16 (model and input in bfloat16)" if best and mode == "infer" else "bf16 (torch.autocast)")
                      if bf16 else "float32"}))


def settings(best):
    """What this PyTorch computes with: its oneDNN and BLAS build, the memory format, OPENBLAS_CORETYPE."""
    return {"memory_format": "channels_last" if best else "contiguous (NCHW)",
            "mkldnn_available": torch.backends.mkldnn.is_available(),
            "mkldnn_enabled": torch.backends.mkldnn.enabled,
            "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "(unset: detected)"),
            "build": build_summary()}


def build_summary():
    """The lines of torch.__config__.show() that say which kernels run: oneDNN, BLAS, OpenMP, CPU capability."""
    keep = []
    for line in torch.__config__.show().splitlines():
        line = line.strip(" -")
        if line.startswith(("Intel(R) MKL-DNN", "OpenMP", "CPU capability")):
            keep.append(line)
        elif line.startswith("Build settings:"):
            keep += [kv for kv in line.split(": ", 1)[1].split(", ")
                     if kv.split("=")[0] in ("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN", "USE_OPENMP")]
    return "; ".join(keep)


def blas_library():
    """The BLAS actually mapped into this process (Debian's torch links the libblas.so.3 alternative)."""
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower() and line.strip().endswith(".so.0")
                or "blas" in line.lower() and ".so" in line}
    return ", ".join(sorted(l.rsplit("/", 1)[-1] for l in libs)) or "unknown"


def profile(case):
    """Each module run forward and backward on its real input, timed alone (median); the optimizer step
    (momentum, weight decay, update) timed alone on real gradients, as `alexnet profile` times DL4J's updater. Categories match `alexnet
    profile`'s: a ReLU belongs to the conv or FC layer before it (DL4J fuses it), dropout to its FC layer."""
    parts = case.split("-")
    config, batch = parts[1], int(parts[2])
    reps = int(parts[3]) if len(parts) > 3 else 5
    net, side, classes = network(config)
    x = torch.randn(batch, 3, side, side)
    y = torch.randint(0, classes, (batch,))
    net(x[:1])
    # torchvision's alexnet nests its layers (features, avgpool, flatten in forward(), classifier)
    modules = list(net) if isinstance(net, nn.Sequential) else \
        list(net.features) + [net.avgpool, nn.Flatten()] + list(net.classifier)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    net.train()

    def fwd_bwd():
        opt.zero_grad()
        loss_fn(net(x), y).backward()

    def step():
        fwd_bwd()
        opt.step()

    def median_ms(fn):
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    for _ in range(2):
        step()
    step_ms, fwd_bwd_ms = median_ms(step), median_ms(fwd_bwd)
    optimizer_ms = median_ms(opt.step)   # on the gradients the last fwd_bwd left
    rows, category = [], "conv"
    inp = x
    for m in modules:   # torchvision's in-place ReLU cannot run on a leaf that needs a gradient; the steps above kept it
        if getattr(m, "inplace", False):
            m.inplace = False
    for i, m in enumerate(modules + [None]):
        name = type(m).__name__ if m is not None else "CrossEntropyLoss"
        if isinstance(m, nn.Conv2d):
            category = "conv"
        elif isinstance(m, (nn.Linear, nn.LazyLinear, nn.Dropout)) or m is None:
            category = "fc"
        kind = {"LocalResponseNorm": "lrn", "MaxPool2d": "pool", "AdaptiveAvgPool2d": "pool",
                "Flatten": "reshape"}.get(name, category)
        f, b = [], []
        for _ in range(reps):
            # as in training, the first layer computes no gradient for the image (nor does DL4J's conv1)
            a = inp.detach().requires_grad_(i > 0)
            t = time.perf_counter()
            out = m(a) if m is not None else loss_fn(a, y)
            f.append((time.perf_counter() - t) * 1000)
            g = torch.randn_like(out)
            t = time.perf_counter()
            out.backward(g)
            b.append((time.perf_counter() - t) * 1000)
        rows.append({"vertex": f"{i}:{name}", "kind": kind, "forward_ms": statistics.median(f),
                     "backward_ms": statistics.median(b)})
        if m is not None:
            with torch.no_grad():
                inp = m(inp)
    print(json.dumps({"case": case, "step_ms": step_ms, "forward_backward_ms": fwd_bwd_ms,
                      "optimizer_ms": optimizer_ms, "rows": rows,
                      "threads": torch.get_num_threads(), "torch": torch.__version__, "blas": blas_library()}))


if __name__ == "__main__":
    if sys.argv[1].startswith("profile-"):
        profile(sys.argv[1])
    else:
        main(sys.argv[1])
