"""The table of sentiment-domains.sh: one row per domain, accuracy / macro-F1 per bundle, and the margin
of the first bundle over each other one."""
import json
import os
import sys


def main(out, specs):
    names = [s.split("=", 1)[0] for s in specs]
    domains = sorted({d for n in names for d in os.listdir(os.path.join(out, n))
                      if os.path.isdir(os.path.join(out, n, d))}, key=lambda d: (d != "htl", d))
    result = {}
    for n in names:
        for d in domains:
            m = json.load(open(os.path.join(out, n, d, "metrics.json"), encoding="utf-8"))
            result.setdefault(d, {})[n] = {"accuracy": m["accuracy"], "macroF1": m["macroF1"], "examples": m["examples"]}
    head = "| domain | texts | " + " | ".join(f"{n} acc / F1" for n in names) + " | " + \
           " | ".join(f"{names[0]} − {n}" for n in names[1:]) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(names) - 1)]
    for d in domains:
        r = result[d]
        cells = [f"{100 * r[n]['accuracy']:.1f} / {100 * r[n]['macroF1']:.1f}" for n in names]
        margins = [f"{100 * (r[names[0]]['accuracy'] - r[n]['accuracy']):+.1f}" for n in names[1:]]
        lines.append(f"| {d} | {r[names[0]]['examples']} | " + " | ".join(cells) + " | " + " | ".join(margins) + " |")
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(out, "table.md"), "w", encoding="utf-8") as f:
        f.write(table + "\n")
    with open(os.path.join(out, "domains.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
