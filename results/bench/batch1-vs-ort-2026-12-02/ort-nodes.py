# Each node's median kernel time over the timed runs of an ONNX Runtime profile written by
# `./alexnet bench --ort-case CASE --ort-profile FILE` (the bench's warm-up runs come first and are skipped).
# usage: python3 ort-nodes.py FILE WARMUP_RUNS
import collections, json, statistics, sys

trace = json.load(open(sys.argv[1]))
warmup = int(sys.argv[2])
per_node = collections.defaultdict(list)
for event in trace:
    if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
        per_node[(event["name"][:-len("_kernel_time")], event["args"].get("op_name"))].append(event["dur"])
runs = [e["dur"] for e in trace if e.get("name") == "model_run"][warmup:]
medians = {node: statistics.median(times[warmup:]) for node, times in per_node.items()}
for (name, op), m in sorted(medians.items(), key=lambda kv: -kv[1]):
    print(f"{m / 1000:7.3f} ms  {name} ({op})")
print(f"sum of nodes {sum(medians.values()) / 1000:.2f} ms; whole run, median of {len(runs)}: {statistics.median(runs) / 1000:.2f} ms")
