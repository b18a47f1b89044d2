"""Validation curves of training runs as one SVG (no plotting library on Debian's minimal Python).

    python3 curves.py OUT.svg "label=RUN/train_log.json" ["label=RUN2/train_log.json" ...] [--metric val_macroF1]

x: epochs seen, y: the metric at each evaluation; one polyline per run, best point marked.
"""
import argparse
import html
import json

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def frame(w, h, left, right, top, bottom, title, x_label, y_label=None):
    """The opening SVG elements of a chart: white page, title, both axes and their labels (a list to extend,
    closed with "</svg>")."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="13">{html.escape(title)}</text>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>',
           f'<text x="{(left + w - right) / 2}" y="{h - 8}" text-anchor="middle">{html.escape(x_label)}</text>']
    if y_label:
        middle = (top + h - bottom) / 2
        out.append(f'<text x="14" y="{middle}" transform="rotate(-90 14 {middle})" text-anchor="middle">'
                   f'{html.escape(y_label)}</text>')
    return out


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("runs", nargs="+", help="label=path/to/train_log.json")
    p.add_argument("--metric", default="val_macroF1")
    p.add_argument("--title", default="")
    args = p.parse_args(argv)
    series = []
    for spec in args.runs:
        label, path = spec.split("=", 1)
        with open(path, encoding="utf-8") as f:
            log = json.load(f)["log"]
        series.append((label, [(e["epoch"], e[args.metric]) for e in log]))
    xs = [x for _, pts in series for x, _ in pts]
    ys = [y for _, pts in series for _, y in pts]
    x_max = max(xs)
    y_lo, y_hi = min(ys) - 0.005, max(ys) + 0.005
    w, h, left, right, top, bottom = 720, 420, 60, 230, 30, 40
    px = lambda x: left + (w - left - right) * x / x_max
    py = lambda y: top + (h - top - bottom) * (1 - (y - y_lo) / (y_hi - y_lo))
    out = frame(w, h, left, right, top, bottom, args.title or args.metric, "epochs")
    steps = 5
    for i in range(steps + 1):
        y = y_lo + (y_hi - y_lo) * i / steps
        out.append(f'<line x1="{left - 4}" y1="{py(y):.1f}" x2="{w - right}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{100 * y:.1f}</text>')
        x = x_max * i / steps
        out.append(f'<text x="{px(x):.1f}" y="{h - bottom + 14}" text-anchor="middle">{x:.1f}</text>')
    for i, (label, pts) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8"/>')
        bx, by = max(pts, key=lambda p: p[1])
        out.append(f'<circle cx="{px(bx):.1f}" cy="{py(by):.1f}" r="3.5" fill="{colour}"/>')
        ly = top + 16 * i + 10
        out.append(f'<line x1="{w - right + 10}" y1="{ly - 4}" x2="{w - right + 28}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{w - right + 32}" y="{ly}">{html.escape(label)} (best {100 * by:.2f})</text>')
    out.append("</svg>")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(series)} runs -> {args.out}")


if __name__ == "__main__":
    main()
