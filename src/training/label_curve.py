"""The label-efficiency curve (issue 11, item 4): test accuracy against the number of labelled
training texts, for the fine-tuned encoder and for TF-IDF on exactly the same texts.

    python3 label_curve.py subsets DATA OUT [--fractions 0.05,0.1,0.25,0.5] [--seed 0]
                                     [--batch-size 16 --epochs 2 --min-steps 150]
    python3 label_curve.py tfidf DATA OUT [--fractions ...] [--seeds 0,1,2,3,4]
    python3 label_curve.py report OUT.svg "NAME=CURVE_DIR" ... [--tfidf OUT/tfidf.json] [--point NAME=N:metrics.json]

`subsets` writes OUT/n<count>/{train,val,test}.csv: a stratified sample of DATA's train split
(each class keeps its share), nested (the 5% texts are among the 10% ones) so that the points of
one curve differ by added labels, not by a new draw; val and test are the canonical ones. It
prints one line per subset, `dir epochs eval_every`, for `make label-curve`'s loop: a small
subset trains for at least --min-steps optimizer steps (2 epochs of 310 texts are 40 steps,
too few to leave warmup), evaluating on val every epoch (or every 100 steps), as the full recipe does.

`tfidf` fits `baseline.py`'s TF-IDF + logistic regression (C chosen on val) on the same subsets
(--seeds: the first is the draw the encoder trained on, the others are further draws, for a spread).

`report` reads each curve's OUT/n<count>/run/eval/metrics.json (the Java serving code's test
metrics, written by `make train`), writes OUT.svg (accuracy against label count, log scale) and
prints a markdown table; OUT.json holds the points.
"""
import argparse
import csv
import glob
import html
import json
import math
import os
import random
import shutil
import statistics
import sys

from curves import COLOURS, frame


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "label" not in reader.fieldnames or "text" not in reader.fieldnames:
            raise SystemExit(f"{path}: needs a header with label and text columns, found {reader.fieldnames}")
        return list(reader)


def write_rows(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["label", "text"], extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def stratified_counts(rows, fraction):
    """Per label, how many rows a fraction keeps: its share rounded, at least one."""
    by_label = {}
    for r in rows:
        by_label[r["label"]] = by_label.get(r["label"], 0) + 1
    return {label: max(1, round(fraction * n)) for label, n in by_label.items()}


def nested_sample(rows, fraction, seed):
    """The rows a fraction keeps: per label, a prefix of that label's rows in one seeded shuffle, so a smaller
    fraction's rows are always among a larger one's; returned in their order in the file."""
    rng = random.Random(seed)
    order = {}
    for i, r in enumerate(rows):
        order.setdefault(r["label"], []).append(i)
    for indices in order.values():
        rng.shuffle(indices)
    keep = set()
    for label, count in stratified_counts(rows, fraction).items():
        keep.update(order[label][:count])
    return [rows[i] for i in sorted(keep)]


def parse_fractions(text):
    fractions = [float(v) for v in text.split(",")]
    bad = [f for f in fractions if not 0 < f <= 1]
    if bad:
        raise SystemExit(f"--fractions must lie in (0, 1]: {bad}")
    return fractions


def plan(count, batch_size, epochs, min_steps):
    """(epochs, eval_every) for a subset of `count` texts: at least min_steps steps, val every epoch or 100 steps."""
    steps_per_epoch = math.ceil(count / batch_size)
    epochs = max(epochs, math.ceil(min_steps / steps_per_epoch))
    return epochs, min(steps_per_epoch, 100)


def cmd_subsets(args):
    rows = read_rows(os.path.join(args.data, "train.csv"))
    for split in ("val", "test"):
        read_rows(os.path.join(args.data, f"{split}.csv"))  # a missing or headerless split fails here, not mid-loop
    for fraction in parse_fractions(args.fractions):
        sample = nested_sample(rows, fraction, args.seed)
        out = os.path.join(args.out, f"n{len(sample)}")
        os.makedirs(out, exist_ok=True)
        write_rows(os.path.join(out, "train.csv"), sample)
        for split in ("val", "test"):
            shutil.copyfile(os.path.join(args.data, f"{split}.csv"), os.path.join(out, f"{split}.csv"))
        with open(os.path.join(out, "subset.json"), "w", encoding="utf-8") as f:
            json.dump({"data": os.path.abspath(args.data), "fraction": fraction, "seed": args.seed,
                       "texts": len(sample), "of": len(rows)}, f, indent=2)
        epochs, every = plan(len(sample), args.batch_size, args.epochs, args.min_steps)
        print(out, epochs, every)


def cmd_tfidf(args):
    from baseline import fit_and_score
    rows = read_rows(os.path.join(args.data, "train.csv"))
    val, test = (read_rows(os.path.join(args.data, f"{s}.csv")) for s in ("val", "test"))
    as_xy = lambda rs: ([r["text"] for r in rs], [r["label"] for r in rs])
    seeds = [int(s) for s in args.seeds.split(",")]
    points = []
    for fraction in parse_fractions(args.fractions):
        draws = []
        for seed in seeds:
            sample = nested_sample(rows, fraction, seed)
            result = fit_and_score(as_xy(sample), as_xy(val), as_xy(test), [1, 4, 16, 32, 64, 128, 256])
            draws.append({"seed": seed, "accuracy": result["test"]["accuracy"], "macroF1": result["test"]["macroF1"],
                          "C": result["C"]})
        accs = [d["accuracy"] for d in draws]
        points.append({"fraction": fraction, "texts": len(nested_sample(rows, fraction, seeds[0])),
                       "accuracy": accs[0], "macroF1": draws[0]["macroF1"],
                       "meanAccuracy": statistics.mean(accs), "sdAccuracy": statistics.stdev(accs) if len(accs) > 1 else 0.0,
                       "draws": draws})
        print(f"tfidf {points[-1]['texts']} texts: accuracy {accs[0]:.4f} (seed {seeds[0]}), "
              f"mean {points[-1]['meanAccuracy']:.4f} ± {points[-1]['sdAccuracy']:.4f} over {len(seeds)} draws", flush=True)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "tfidf.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "tfidf char 1-3 + logistic regression, C on val", "seeds": seeds, "points": points}, f, indent=2)


def curve_points(directory):
    """(texts, accuracy, macroF1) per subset of a curve directory that has test metrics, by text count."""
    points = []
    for subset in glob.glob(os.path.join(directory, "n*", "subset.json")):
        metrics = os.path.join(os.path.dirname(subset), "run", "eval", "metrics.json")
        if not os.path.exists(metrics):
            print(f"skipped (no test metrics yet): {metrics}", file=sys.stderr)
            continue
        with open(subset) as f:
            texts = json.load(f)["texts"]
        with open(metrics) as f:
            m = json.load(f)
        points.append((texts, m["accuracy"], m["macroF1"]))
    return sorted(points)


def svg(series, title, spreads=()):
    """series: [(name, [(texts, accuracy), ...], dashed)]: accuracy against label count, x on a log scale;
    spreads: [(series index, texts, low, high)], drawn as a bar at that point (TF-IDF's draws: mean ± sd)."""
    xs = [x for _, pts, _ in series for x, _ in pts]
    ys = [y for _, pts, _ in series for _, y in pts] + [v for _, _, lo, hi in spreads for v in (lo, hi)]
    x_lo, x_hi = math.log10(min(xs)) - 0.05, math.log10(max(xs)) + 0.05
    y_lo, y_hi = math.floor(min(ys) * 50) / 50, math.ceil(max(ys) * 50) / 50
    w, h, left, right, top, bottom = 820, 420, 60, 330, 30, 44
    px = lambda x: left + (w - left - right) * (math.log10(x) - x_lo) / (x_hi - x_lo)
    py = lambda y: top + (h - top - bottom) * (1 - (y - y_lo) / (y_hi - y_lo))
    out = frame(w, h, left, right, top, bottom, title, "labelled training texts (log scale)", "test accuracy %")
    for i in range(int(round((y_hi - y_lo) / 0.02)) + 1):
        y = y_lo + 0.02 * i
        out.append(f'<line x1="{left - 4}" y1="{py(y):.1f}" x2="{w - right}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{100 * y:.0f}</text>')
    for x in sorted(set(xs)):
        out.append(f'<text x="{px(x):.1f}" y="{h - bottom + 14}" text-anchor="middle">{x}</text>')
    for i, x, lo, hi in spreads:
        out.append(f'<line x1="{px(x) + 4:.1f}" y1="{py(lo):.1f}" x2="{px(x) + 4:.1f}" y2="{py(hi):.1f}" '
                   f'stroke="{COLOURS[i % len(COLOURS)]}" stroke-opacity="0.5" stroke-width="3"/>')
    for i, (name, pts, dashed) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8"{dash}/>')
        for x, y in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"><title>{html.escape(name)}: '
                       f'{x} texts, {100 * y:.2f}%</title></circle>')
        ly = top + 16 * i + 10
        out.append(f'<line x1="{w - right + 10}" y1="{ly - 4}" x2="{w - right + 28}" y2="{ly - 4}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{w - right + 32}" y="{ly}">{html.escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def cmd_report(args):
    series, table = [], {}
    extra = {}
    for spec in args.point:
        name, rest = spec.split("=", 1)
        texts, path = rest.split(":", 1)
        with open(path) as f:
            m = json.load(f)
        extra.setdefault(name, []).append((int(texts), m["accuracy"], m["macroF1"]))
    for spec in args.curves:
        name, directory = spec.split("=", 1)
        pts = sorted(curve_points(directory) + extra.pop(name, []))
        if not pts:
            raise SystemExit(f"{directory}: no subset with test metrics (run make label-curve first)")
        series.append((name, [(x, a) for x, a, _ in pts], False))
        for x, a, f1 in pts:
            table.setdefault(x, {})[name] = (a, f1)
    if extra:
        raise SystemExit(f"--point names without a curve: {sorted(extra)}")
    spreads = []
    if args.tfidf:
        with open(args.tfidf) as f:
            tfidf = json.load(f)
        pts = [(p["texts"], p["accuracy"]) for p in tfidf["points"]]
        spreads = [(len(series), p["texts"], p["meanAccuracy"] - p["sdAccuracy"], p["meanAccuracy"] + p["sdAccuracy"])
                   for p in tfidf["points"] if p["sdAccuracy"] > 0]
        series.append((f"TF-IDF + LR, same texts (bar: {len(tfidf['seeds'])} draws, mean ± sd)", pts, True))
        for p in tfidf["points"]:
            table.setdefault(p["texts"], {})["TF-IDF"] = (p["accuracy"], p["macroF1"], p["meanAccuracy"], p["sdAccuracy"])
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(svg(series, args.title, spreads))
    names = [name for name, _, _ in series if not name.startswith("TF-IDF")]
    header = "| labelled texts | " + " | ".join(names) + (" | TF-IDF (same texts) | TF-IDF, 5 draws | best − TF-IDF |" if args.tfidf else " |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for x in sorted(table):
        row = table[x]
        cells = [f"{100 * row[n][0]:.2f} / {100 * row[n][1]:.2f}" if n in row else "" for n in names]
        if args.tfidf:
            t = row.get("TF-IDF")
            best = max((row[n][0] for n in names if n in row), default=None)
            cells += [f"{100 * t[0]:.2f} / {100 * t[1]:.2f}" if t else "",
                      f"{100 * t[2]:.2f} ± {100 * t[3]:.2f}" if t else "",
                      f"{100 * (best - t[0]):+.2f} pt" if t and best is not None else ""]
        lines.append(f"| {x} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    with open(os.path.splitext(args.out)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump({"series": [{"name": n, "points": [{"texts": x, "accuracy": y} for x, y in pts]} for n, pts, _ in series]},
                  f, indent=2, ensure_ascii=False)
    print(f"{len(series)} curves -> {args.out}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("subsets")
    s.add_argument("data")
    s.add_argument("out")
    s.add_argument("--fractions", default="0.05,0.1,0.25,0.5")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--batch-size", type=int, default=16)
    s.add_argument("--epochs", type=float, default=2)
    s.add_argument("--min-steps", type=int, default=150)
    t = sub.add_parser("tfidf")
    t.add_argument("data")
    t.add_argument("out")
    t.add_argument("--fractions", default="0.05,0.1,0.25,0.5,1")
    t.add_argument("--seeds", default="0,1,2,3,4")
    r = sub.add_parser("report")
    r.add_argument("out", help="the SVG to write (its .json beside it)")
    r.add_argument("curves", nargs="+", help="NAME=curve directory (make label-curve's OUT)")
    r.add_argument("--tfidf", help="tfidf.json of label_curve.py tfidf")
    r.add_argument("--point", action="append", default=[],
                   help="NAME=TEXTS:metrics.json, a point measured elsewhere (e.g. the full train split)")
    r.add_argument("--title", default="test accuracy against labelled texts")
    args = p.parse_args(argv)
    {"subsets": cmd_subsets, "tfidf": cmd_tfidf, "report": cmd_report}[args.command](args)


if __name__ == "__main__":
    main()
