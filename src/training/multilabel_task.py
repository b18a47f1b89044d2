"""Build a multi-label task from a canonical split and a source CSV that has more label columns.

    /usr/bin/python3 multilabel_task.py ../shared/data/shopping10 ../shared/data/online_shopping_10_cats.csv OUT

Each review of the shopping10 split (label = category) also carries its polarity in the source
CSV (`cat,label,review`, label 0/1). OUT/{train,val,test}.csv get `label,text` rows whose label
is `<category>|<polarity>` (e.g. `书籍|positive`): the trainer's multi-label format, labels
separated by `|`. The rows, their order and the split are the canonical split's; only the label
grows. A text that occurs twice in the source takes its first row's labels, as the canonical
split kept the first of exact duplicates. A split text missing from the source is an error, not
a silent drop.
"""
import argparse
import csv
import os
import sys

SPLITS = ("train", "val", "test")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("splits", help="directory with train.csv, val.csv, test.csv (label,text)")
    p.add_argument("source", help="CSV with the text and the extra label column")
    p.add_argument("out")
    p.add_argument("--text-column", default="review")
    p.add_argument("--split-label-column", default="cat",
                   help="the source column the split's label already is (checked row by row)")
    p.add_argument("--extra-column", default="label", help="the source column to add to each row's labels")
    p.add_argument("--extra-names", default="0=negative,1=positive", help="renames the extra column's values")
    return p.parse_args(argv)


def first_labels(source, text_column, split_column, extra_column):
    """text -> (split label, extra label) of the text's first row in the source."""
    labels = {}
    with open(source, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            text = row.get(text_column)
            if text and text.strip() and text not in labels:
                labels[text] = (row[split_column], row[extra_column])
    return labels


def build(splits, source, out, text_column="review", split_column="cat", extra_column="label",
          extra_names="0=negative,1=positive"):
    names = dict(pair.split("=", 1) for pair in extra_names.split(",")) if extra_names else {}
    labels = first_labels(source, text_column, split_column, extra_column)
    os.makedirs(out, exist_ok=True)
    counts = {}
    for split in SPLITS:
        with open(os.path.join(splits, f"{split}.csv"), encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            if header[:2] != ["label", "text"]:
                raise ValueError(f"{split}.csv: header must start with label,text, not {header}")
            rows = list(reader)
        written = []
        for line, (label, text, *_) in enumerate(rows, start=2):
            if text not in labels:
                raise ValueError(f"{split}.csv line {line}: text not in {source}: {text[:40]!r}")
            split_label, extra = labels[text]
            if split_label != label:
                raise ValueError(f"{split}.csv line {line}: label {label!r} but the source says {split_label!r}")
            extra = names.get(extra, extra)
            if "|" in label or "|" in extra:
                raise ValueError(f"{split}.csv line {line}: a label may not contain '|'")
            written.append([f"{label}|{extra}", text])
        with open(os.path.join(out, f"{split}.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["label", "text"])
            w.writerows(written)
        counts[split] = len(written)
    return counts


def main(argv=None):
    a = parse_args(argv)
    try:
        counts = build(a.splits, a.source, a.out, a.text_column, a.split_label_column, a.extra_column,
                       a.extra_names)
    except (ValueError, KeyError, OSError) as e:
        print(f"multilabel_task: {e}", file=sys.stderr)
        sys.exit(2)
    print(f"multi-label task -> {a.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
