"""The README walkthrough (Day 0): how the 20 clusters of discover on shopping10 train were named from report.html.

python3 src/bench/walkthrough_labels.py DRAFT_labels.json OUT_labels.json [extra_labels.json]: renames each
cluster-N entry to the name chosen from its keywords and examples, merges entries given the same name, deletes
the ones named None (praise, complaints, delivery, price: no product), and appends the labels of extra_labels.json.
"""
import json, sys
names = {0: "手机", 1: None, 2: "平板", 3: "酒店", 4: None, 5: None, 6: "衣服", 7: "书籍", 8: None, 9: None,
         10: "洗发水", 11: "酒店", 12: "水果", 13: "酒店", 14: None, 15: "水果", 16: "衣服", 17: "水果", 18: None, 19: "蒙牛"}
draft = json.load(open(sys.argv[1], encoding="utf-8"))["labels"]
merged = {}
for entry in draft:
    name = names[int(entry["name"].split("-")[1])]
    if name:
        merged.setdefault(name, []).extend(entry["examples"])
extra = json.load(open(sys.argv[3], encoding="utf-8"))["labels"] if len(sys.argv) > 3 else []
labels = [{"name": n, "examples": e} for n, e in merged.items()] + extra
json.dump({"labels": labels}, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print({l["name"]: len(l["examples"]) for l in labels})
