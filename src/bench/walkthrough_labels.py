"""The README walkthrough (Day 0): how the 20 clusters of discover on shopping10 train were named from report.html.

python3 src/bench/walkthrough_labels.py DRAFT_labels.json OUT_labels.json [extra_labels.json]: renames each
cluster-N entry to the name chosen from its keywords and examples, merges entries given the same name, deletes
the ones named None (praise, complaints, delivery, logistics, price: no product), and appends the labels of
extra_labels.json that the report gave no cluster (written by hand for topics the report did not show).
The names are for discover's spectral clusters at K=20 (seed 42, 2026-12-02 run); see the README walkthrough.
"""
import json, sys
names = {0: "酒店", 1: None, 2: "衣服", 3: "手机", 4: None, 5: "水果", 6: "水果", 7: "书籍", 8: "计算机", 9: None,
         10: "平板", 11: "衣服", 12: None, 13: "衣服", 14: "蒙牛", 15: "洗发水", 16: "洗发水", 17: "酒店", 18: None,
         19: "洗发水"}
draft = json.load(open(sys.argv[1], encoding="utf-8"))["labels"]
merged = {}
for entry in draft:
    name = names[int(entry["name"].split("-")[1])]
    if name:
        merged.setdefault(name, []).extend(entry["examples"])
extra = json.load(open(sys.argv[3], encoding="utf-8"))["labels"] if len(sys.argv) > 3 else []
labels = [{"name": n, "examples": e} for n, e in merged.items()] + [l for l in extra if l["name"] not in merged]
json.dump({"labels": labels}, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print({l["name"]: len(l["examples"]) for l in labels})
