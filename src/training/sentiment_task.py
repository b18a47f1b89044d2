"""Build the general sentiment task of the default bundle: hotel reviews plus product reviews.

    /usr/bin/python3 sentiment_task.py ../shared/data ../shared/data/online_shopping_10_cats.csv OUT [--per-category 600]

The default bundle was trained on hotel reviews (htl) alone and lost to the untrained zero-shot
bundle on other review domains. This task adds the polarity of online_shopping_10_cats.csv
(`cat,label,review`, label 0 negative / 1 positive: htl's convention), restricted to the canonical
shopping10 split, so no shopping10 test text can reach training:

  OUT/train.csv   htl train + up to --per-category shopping10 train reviews per category, half
                  of each polarity where the category has them (seeded sample)
  OUT/val.csv     htl val + up to --val-per-category shopping10 val reviews per category (early
                  stopping and calibration see both domains)
  OUT/test.csv    htl test, unchanged: the figure the gate and DefaultBundleTest compare
  OUT/domains/<name>.csv
                  one test file per domain: htl.csv, and each shopping10 category's test reviews
                  with their polarity (all of them, not a sample)

Rows are `label,text` with label 0/1. A text's polarity is its first row's in the source, as the
canonical split kept the first of exact duplicates (multilabel_task.first_labels).

shopping10's 酒店 category is ChnSentiCorp hotel reviews again: 447 of its train texts are htl
test texts, 456 of its test texts are htl train texts. So a text is never trained on if it is in
htl val or test, a shopping10 val text is not used for early stopping if it is in htl test or
train, and a domain test file leaves out every text the model may have seen (htl train and val).
"""
import argparse
import csv
import os
import random
import shutil
import sys
from collections import defaultdict

from multilabel_task import first_labels

POLARITY = ("0", "1")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("shared", help="directory with htl/ and shopping10/ canonical splits")
    p.add_argument("source", help="online_shopping_10_cats.csv (cat,label,review)")
    p.add_argument("out")
    p.add_argument("--per-category", type=int, default=600, help="shopping10 train reviews per category")
    p.add_argument("--val-per-category", type=int, default=80, help="shopping10 val reviews per category")
    p.add_argument("--seed", type=int, default=13)
    return p.parse_args(argv)


def read_split(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or header[:2] != ["label", "text"]:
            raise ValueError(f"{path}: header must start with label,text, not {header}")
        return [(row[0], row[1]) for row in reader]


def shopping_polarity(split_rows, labels, split_name):
    """category -> polarity -> texts, for one shopping10 split."""
    by_category = defaultdict(lambda: defaultdict(list))
    for line, (category, text) in enumerate(split_rows, start=2):
        if text not in labels:
            raise ValueError(f"shopping10/{split_name}.csv line {line}: text not in the source: {text[:40]!r}")
        source_category, polarity = labels[text]
        if source_category != category:
            raise ValueError(f"shopping10/{split_name}.csv line {line}: category {category!r} "
                             f"but the source says {source_category!r}")
        if polarity not in POLARITY:
            raise ValueError(f"shopping10/{split_name}.csv line {line}: polarity {polarity!r} is not 0 or 1")
        by_category[category][polarity].append(text)
    return by_category


def sample(by_category, per_category, rng, excluded):
    """Up to per_category texts of each category, half per polarity; a short polarity leaves its room to the other."""
    rows = []
    for category in sorted(by_category):
        pools = {p: [t for t in by_category[category][p] if t not in excluded] for p in POLARITY}
        for pool in pools.values():
            rng.shuffle(pool)
        take = {p: min(len(pools[p]), per_category // 2) for p in POLARITY}
        for p, other in (("0", "1"), ("1", "0")):
            spare = per_category - take[p] - take[other]
            take[p] += min(spare, len(pools[p]) - take[p])
        for p in POLARITY:
            rows += [(p, text) for text in pools[p][:take[p]]]
    rng.shuffle(rows)
    return rows


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["label", "text"])
        w.writerows(rows)


def build(shared, source, out, per_category=600, val_per_category=80, seed=13):
    labels = first_labels(source, "review", "cat", "label")
    rng = random.Random(seed)
    htl = {s: read_split(os.path.join(shared, "htl", f"{s}.csv")) for s in ("train", "val", "test")}
    shopping = {s: shopping_polarity(read_split(os.path.join(shared, "shopping10", f"{s}.csv")), labels, s)
                for s in ("train", "val", "test")}
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "domains"))
    htl_texts = {s: {text for _, text in rows} for s, rows in htl.items()}
    train = htl["train"] + sample(shopping["train"], per_category, rng,
                                  htl_texts["train"] | htl_texts["val"] | htl_texts["test"])
    rng.shuffle(train)
    val = htl["val"] + sample(shopping["val"], val_per_category, rng, htl_texts["train"] | htl_texts["test"])
    write(os.path.join(out, "train.csv"), train)
    write(os.path.join(out, "val.csv"), val)
    write(os.path.join(out, "test.csv"), htl["test"])
    counts = {"train": len(train), "val": len(val), "test": len(htl["test"])}
    write(os.path.join(out, "domains", "htl.csv"), htl["test"])
    for category, pools in sorted(shopping["test"].items()):
        seen = htl_texts["train"] | htl_texts["val"]
        rows = [(p, text) for p in POLARITY for text in pools[p] if text not in seen]
        write(os.path.join(out, "domains", f"{category}.csv"), rows)
        counts[f"test/{category}"] = len(rows)
    return counts


def main(argv=None):
    a = parse_args(argv)
    try:
        counts = build(a.shared, a.source, a.out, a.per_category, a.val_per_category, a.seed)
    except (ValueError, KeyError, OSError) as e:
        print(f"sentiment_task: {e}", file=sys.stderr)
        sys.exit(2)
    print(f"sentiment task -> {a.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
