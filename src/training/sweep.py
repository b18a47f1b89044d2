"""Run several training configurations one after another within a time budget; keep the best on val.

    python3 sweep.py SWEEP.json OUT_DIR --budget-min 5 [--init ENCODER.onnx]

SWEEP.json is a list of {"name": "...", "data": "dir with train/val.jsonl", "args": ["--lr", "5e-5", ...]}.
Each run writes OUT_DIR/<name>/ (best.pt, train_log.json, train.log) and may use what is left of the
budget (train.py --time-limit); a run that would start with under a minute left is skipped. The
winner is the highest val macro-F1 (ties: accuracy, then the earlier run). Writes OUT_DIR/sweep.json
with every run's best val metrics and the winner, and prints the winner's directory. Only val is
read: test stays untouched until the chosen bundle is evaluated.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sweep")
    p.add_argument("out")
    p.add_argument("--budget-min", type=float, required=True)
    p.add_argument("--init", required=True, help="passed to train.py --init")
    args = p.parse_args(argv)
    with open(args.sweep, encoding="utf-8") as f:
        runs = json.load(f)
    deadline = time.time() + args.budget_min * 60
    results = []
    for run in runs:
        left_min = (deadline - time.time()) / 60
        if left_min < 1:
            results.append({"name": run["name"], "skipped": "time budget spent"})
            print(f"sweep: skipping {run['name']}: {left_min:.1f} min left", flush=True)
            continue
        out = os.path.join(args.out, run["name"])
        os.makedirs(out, exist_ok=True)
        cmd = [sys.executable, os.path.join(HERE, "train.py"), "--data", run["data"], "--out", out,
               "--init", args.init, "--time-limit", f"{left_min:.2f}", *run["args"]]
        print("sweep: " + " ".join(cmd), flush=True)
        with open(os.path.join(out, "train.log"), "w", encoding="utf-8") as log:
            code = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)
        result = {"name": run["name"], "dir": out, "args": run["args"], "exitCode": code}
        try:
            with open(os.path.join(out, "train_log.json"), encoding="utf-8") as f:
                trained = json.load(f)
            result.update(best=trained["best"], training=trained["training"])
        except (OSError, KeyError, ValueError) as e:
            result["error"] = f"no train_log.json: {e}"
        results.append(result)
        print(f"sweep: {run['name']} exit {code} best {result.get('best')}", flush=True)
    finished = [r for r in results if r.get("best")]
    if not finished:
        raise SystemExit("sweep: no run finished")
    winner = max(finished, key=lambda r: (r["best"]["val_macroF1"], r["best"]["val_accuracy"],
                                          -results.index(r)))
    with open(os.path.join(args.out, "sweep.json"), "w", encoding="utf-8") as f:
        json.dump({"winner": winner["name"], "runs": results}, f, indent=2)
    print(winner["dir"])


if __name__ == "__main__":
    main()
