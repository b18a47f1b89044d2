#!/usr/bin/env bash
# make monitor on real shift (issue 14): three windows of htl test, a window of shopping10 product reviews
# (its test split without the hotel category), and a half-and-half mix, each logged by LogPredictions with
# the default bundle on its own UTC day, then one monitor run per day and one over all five.
# Usage: src/bench/monitor-proof.sh   (after make pipeline-jar; needs ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/../.."
P='src/pipeline/target/sift-pipeline.jar:src/pipeline/target/lib/*'
OUT=target/monitor-proof
L=file:$OUT/log
rm -rf "$OUT" && mkdir -p "$OUT"
/usr/bin/python3 - <<'PY'
import csv, random
rows = list(csv.reader(open('../shared/data/shopping10/test.csv', encoding='utf-8')))[1:]
products = [r for r in rows if r[0] != '酒店']
random.Random(7).shuffle(products)
htl = list(csv.reader(open('../shared/data/htl/test.csv', encoding='utf-8')))[1:]
random.Random(8).shuffle(htl)
def write(name, rs):
    with open('target/monitor-proof/' + name, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f); w.writerow(['label', 'text']); w.writerows(rs)
write('products.csv', products[:259])
write('mix.csv', htl[:130] + products[259:388])
PY
for spec in "0 2026-12-01" "259 2026-12-02" "518 2026-12-03"; do
  set -- $spec
  java -cp "$P" dev.sift.monitor.LogPredictions models/review-sentiment ../shared/data/htl/test.csv $L --day $2 --from $1 --rows 259
done
java -cp "$P" dev.sift.monitor.LogPredictions models/review-sentiment $OUT/products.csv $L --day 2026-12-04
java -cp "$P" dev.sift.monitor.LogPredictions models/review-sentiment $OUT/mix.csv $L --day 2026-12-05
for d in 01 02 03 04 05; do
  java -cp "$P" dev.sift.monitor.Monitor --predictions $L --out $OUT/out-$d --since 2026-12-$d --until 2026-12-$d
done
java -cp "$P" dev.sift.monitor.Monitor --predictions $L --out $OUT/out-all
