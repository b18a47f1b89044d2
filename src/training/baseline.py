"""Classical baseline: TF-IDF over character 1-3-grams + logistic regression (Debian's python3-sklearn).

    /usr/bin/python3 baseline.py ../shared/data/htl [--out target/baseline/htl]

C is chosen on val (macro-F1); the model refit on train is reported on test with the same
canonical split as every other figure.
"""
import argparse
import csv
import json
import os
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def fit_and_score(train, val, test, cs, verbose=False):
    """TF-IDF fitted on train's texts, C chosen on val macro-F1, that model scored on test.
    Each of train/val/test is (texts, labels)."""
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = train, val, test
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    features = vectorizer.fit_transform(x_train)
    val_features, test_features = vectorizer.transform(x_val), vectorizer.transform(x_test)
    tried = []
    for c in cs:
        pred = LogisticRegression(C=c, max_iter=2000).fit(features, y_train).predict(val_features)
        tried.append({"C": c, "val_accuracy": accuracy_score(y_val, pred), "val_macroF1": f1_score(y_val, pred, average="macro")})
        if verbose:
            print(f"C={c:g}: val accuracy {tried[-1]['val_accuracy']:.4f} macroF1 {tried[-1]['val_macroF1']:.4f}", flush=True)
    best = max(tried, key=lambda t: t["val_macroF1"])
    pred = LogisticRegression(C=best["C"], max_iter=2000).fit(features, y_train).predict(test_features)
    return {"model": "tfidf char 1-3 + logistic regression", "C": best["C"],
            "test": {"accuracy": accuracy_score(y_test, pred), "macroF1": f1_score(y_test, pred, average="macro"),
                     "examples": len(y_test)},
            "val": {"accuracy": best["val_accuracy"], "macroF1": best["val_macroF1"]}, "tried": tried,
            "features": len(vectorizer.vocabulary_), "trainExamples": len(y_train)}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("data", help="directory with train.csv, val.csv, test.csv (label,text)")
    p.add_argument("--out", default=None)
    p.add_argument("--c", default="1,4,16,32,64,128,256")
    args = p.parse_args(argv)
    start = time.time()
    splits = [read_csv(os.path.join(args.data, f"{s}.csv")) for s in ("train", "val", "test")]
    result = {"data": args.data, **fit_and_score(*splits, [float(v) for v in args.c.split(",")], verbose=True),
              "seconds": round(time.time() - start, 1)}
    print(f"baseline on {args.data} test: accuracy {result['test']['accuracy']:.4f} macroF1 {result['test']['macroF1']:.4f} "
          f"(C={result['C']:g}, {result['seconds']} s)")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "baseline.json"), "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
