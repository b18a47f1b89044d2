"""TF-IDF + logistic regression on exactly the few-shot draws FewShotCurve wrote (README, Day 0).

python3 src/bench/fewshot_tfidf.py <data-dir> <curve-out-dir>: reads <curve-out-dir>/draws/<n>-<draw>.csv,
fits the baseline of `make baseline` (char 1-3-gram TF-IDF, sublinear tf) on each, with C chosen by
stratified cross-validation on the same examples (min(4, n) folds over C in 1, 10, 100; nothing of
val or test is used, as for the few-shot heads), scores test.csv, and writes fewshot-tfidf.json.
"""
import csv
import glob
import json
import os
import statistics
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def main():
    data, out = sys.argv[1], sys.argv[2]
    test_x, test_y = read(os.path.join(data, "test.csv"))
    by_size = {}
    for path in sorted(glob.glob(os.path.join(out, "draws", "*.csv"))):
        n, draw = map(int, os.path.basename(path)[:-4].split("-"))
        x, y = read(path)
        # min_df=1: with a few dozen examples, a 2-document floor would drop most n-grams
        pipe = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                             LogisticRegression(max_iter=2000))
        search = GridSearchCV(pipe, {"logisticregression__C": [1, 10, 100]},
                              cv=StratifiedKFold(min(4, n), shuffle=True, random_state=0))
        search.fit(x, y)
        accuracy = sum(p == t for p, t in zip(search.predict(test_x), test_y)) / len(test_y)
        by_size.setdefault(n, []).append(round(accuracy, 4))
        print(f"n={n} draw {draw}: C={search.best_params_['logisticregression__C']} accuracy {accuracy:.4f}", flush=True)
    result = {str(n): {"mean": round(statistics.mean(v), 4), "sd": round(statistics.stdev(v), 4) if len(v) > 1 else 0,
                       "draws": v} for n, v in sorted(by_size.items())}
    with open(os.path.join(out, "fewshot-tfidf.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
