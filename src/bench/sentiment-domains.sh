#!/usr/bin/env bash
# Accuracy and macro-F1 of sentiment bundles per review domain (issue 11, item 6), with the Java
# serving code (EvaluateBundle), on the domain test files of `make sentiment-data`.
#
#   src/bench/sentiment-domains.sh DOMAINS_DIR OUT_DIR NAME=BUNDLE_DIR[:LABEL_MAP] ...
#   (BUNDLE_DIR a directory: a ':' starts the label map, so no classpath: or registry: locations)
#   e.g. src/bench/sentiment-domains.sh target/sentiment-mix/domains target/domains \
#          default=models/review-sentiment:0=negative,1=positive zero-shot=src/pipeline/target/test-classes/bundles/zh-sentiment-embedding:0=negative,1=positive
#
# Prints one markdown row per domain and bundle, and writes OUT_DIR/table.md and OUT_DIR/domains.json.
set -euo pipefail
domains=$1 out=$2
shift 2
cp=${PIPELINE_CP:-'src/pipeline/target/sift-pipeline.jar:src/pipeline/target/lib/*'}
threads=${THREADS:-2}
mkdir -p "$out"
for spec in "$@"; do
  name=${spec%%=*} rest=${spec#*=}
  bundle=${rest%%:*} map=""
  [[ "$rest" == *:* ]] && map=${rest#*:}
  mkdir -p "$out/$name"
  for csv in "$domains"/*.csv; do
    domain=$(basename "$csv" .csv)
    java -cp "$cp" dev.sift.pipeline.EvaluateBundle "$bundle" "$csv" "$out/$name/$domain" --threads "$threads" \
      ${map:+--label-map "$map"} > "$out/$name/$domain.log" 2>&1 \
      || { echo "EvaluateBundle failed for $name on $domain: $out/$name/$domain.log" >&2; exit 1; }
  done
done
/usr/bin/python3 "$(dirname "$0")/sentiment_domains_table.py" "$out" "$@"
