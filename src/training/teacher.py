"""An ensemble's averaged soft predictions, the targets of distillation (issue 11, item 2).

    python3 teacher.py --members RUN1/best.pt RUN2/best.pt ... --ids train.jsonl unlabeled.jsonl ...
                       --out teacher.jsonl [--val val.jsonl] [--temperature 1] [--batch-size 64] [--threads 2]

Each member is a fine-tuned train.py checkpoint (fp32: the teacher is the ensemble before
quantization; only the student is quantized). Every row of every --ids file (TokenizeDataset's
token ids, labelled or not; a text seen in several files counts once) gets the mean over members of
softmax(logits / temperature). Output: a header ({"format": "sift-teacher", "labels", "members",
"temperature", "sources", "rows", "excluded"}), then {"ids", "label", "probs"} per row, the label kept where the
source had one ("" otherwise). Rows whose ids equal a row of an --exclude file (the val and
test splits) are dropped: unlabeled text often contains the very texts a model is measured on. `train.py --teacher teacher.jsonl` trains a student on these rows.
With --val, each member's and the ensemble's val accuracy are printed and recorded in the header:
an ensemble worth distilling beats its members there.

--bow-weight W adds a bag-of-words member: TF-IDF over the rows' token-id 1-3-grams (for Chinese, the
bert-base-chinese vocabulary's tokens are characters, so this is the char 1-3-gram baseline) and logistic
regression, fitted on the labelled rows with C chosen by cross-validation on them, its probabilities
averaged in with weight W (each fine-tuned member weighs 1). It errs on other texts than the encoders do,
so it can lift the ensemble although it is weaker than each of them (measured in src/training/README.md).

All members must share labels; they read the same ids, so they are fine-tuned at one tokenization
(different seeds, learning rates or epochs; members at other truncations would need their own ids).
"""
import argparse
import json
import os

import torch
import torch.nn.functional as F

from data import length_sorted_batches, pad_batch, read_ids
from export import load_checkpoint


def member_probs(model, seqs, temperature, batch_size):
    """softmax(logits / temperature) [n, labels] in input order (float32, CPU)."""
    device = next(model.parameters()).device
    out = torch.zeros(len(seqs), model.config.num_labels)
    with torch.no_grad():
        for idx in length_sorted_batches(len(seqs), [len(s) for s in seqs], batch_size):
            logits = model(*pad_batch([seqs[i] for i in idx], device=device)).float()
            out[idx] = torch.softmax(logits / temperature, -1).cpu()
    return out


def bag_of_words_probs(seqs, labelled, labels, folds=5):
    """Probabilities [n, labels] of TF-IDF over token-id 1-3-grams + logistic regression fitted on `labelled`
    ((label, ids) pairs), for every id list of `seqs`, and a record of the fit. scikit-learn is imported here:
    only this option needs it."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_score
    except ImportError:
        raise SystemExit("teacher: --bow-weight needs scikit-learn (Debian: apt-get install python3-sklearn; "
                         "elsewhere: pip install scikit-learn), or --bow-weight 0")

    index = {l: i for i, l in enumerate(labels)}
    unknown = sorted({label for label, _ in labelled if label not in index})
    if unknown:
        raise SystemExit(f"teacher: --bow-weight: labelled rows carry labels the members do not know: {unknown}")
    y = [index[label] for label, _ in labelled]
    smallest = min(y.count(i) for i in set(y)) if y else 0
    if len(set(y)) < 2 or smallest < 2:
        raise SystemExit("teacher: --bow-weight needs labelled rows of at least two labels, two of each; the --ids "
                         f"files hold {len(y)} labelled rows of {len(set(y))} label(s)")
    # [CLS] and [SEP] open and close every row: no information
    words = lambda ids: " ".join(str(i) for i in ids[1:-1])
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 3), sublinear_tf=True)
    x = vectorizer.fit_transform([words(ids) for _, ids in labelled])
    cv = StratifiedKFold(n_splits=min(folds, smallest), shuffle=True, random_state=0)
    scores = {c: cross_val_score(LogisticRegression(C=c, max_iter=3000), x, y, cv=cv).mean() for c in (1, 4, 16, 64, 256, 1024)}
    best = max(scores, key=lambda c: (scores[c], -c))
    model = LogisticRegression(C=best, max_iter=3000).fit(x, y)
    probs = torch.zeros(len(seqs), len(labels))
    probs[:, torch.tensor(model.classes_)] = torch.tensor(model.predict_proba(vectorizer.transform([words(s) for s in seqs])),
                                                          dtype=torch.float32)
    return probs, {"C": best, "cvAccuracy": round(scores[best], 4), "labelledRows": len(y)}


def load_members(paths, device):
    members, labels = [], None
    for path in paths:
        model, checkpoint = load_checkpoint(path)
        if checkpoint.get("task", "single") != "single":
            raise SystemExit(f"teacher: {path} is a {checkpoint['task']} model; distillation here is for single-label tasks")
        if labels is None:
            labels = checkpoint["labels"]
        elif checkpoint["labels"] != labels:
            raise SystemExit(f"teacher: {path} has labels {checkpoint['labels']}, {paths[0]} has {labels}")
        members.append(model.to(device))
    return members, labels


def accuracy(probs, gold_labels, labels):
    index = {l: i for i, l in enumerate(labels)}
    unknown = sorted({g for g in gold_labels if g not in index})
    if unknown:
        raise SystemExit(f"teacher: val has labels the members do not know: {unknown}")
    gold = torch.tensor([index[g] for g in gold_labels])
    return (probs.argmax(-1) == gold).float().mean().item()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--members", nargs="+", required=True, help="train.py checkpoints (best.pt)")
    p.add_argument("--ids", nargs="+", required=True, help="token-id files whose rows the teacher labels")
    p.add_argument("--out", required=True)
    p.add_argument("--val", help="token ids of val, to report members' and ensemble's accuracy")
    p.add_argument("--exclude", nargs="*", default=[],
                   help="token-id files (val, test) whose texts must not become training rows: dropped where they recur")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--bow-weight", type=float, default=0.0,
                   help="weight of a TF-IDF + logistic regression member fitted on the labelled rows (0: none)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="auto", help="auto (CUDA when present), cpu, cuda")
    args = p.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.temperature <= 0:
        raise SystemExit("teacher: --temperature must be > 0")
    if args.bow_weight < 0:
        raise SystemExit("teacher: --bow-weight must be >= 0")
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          (args.device if args.device != "auto" else "cpu"))
    members, labels = load_members(args.members, device)

    excluded = {tuple(ids) for path in args.exclude for ids in read_ids(path)[2]}
    rows, seen, sources, dropped = [], set(), [], 0
    for path in args.ids:
        header, row_labels, seqs = read_ids(path)
        kept = 0
        for label, ids in zip(row_labels, seqs):
            if tuple(ids) in excluded:
                dropped += 1
            elif tuple(ids) not in seen:
                seen.add(tuple(ids))
                rows.append((label, ids))
                kept += 1
        sources.append({"file": os.path.basename(path), "sha256": header.get("sha256"), "rows": len(seqs), "kept": kept,
                        "maxLength": header.get("maxLength"), "truncation": header.get("truncation")})
    if not rows:
        raise SystemExit("teacher: the --ids files hold no rows")
    seqs = [ids for _, ids in rows]
    _, val_labels, val_seqs = read_ids(args.val) if args.val else (None, [], [])
    header = {"format": "sift-teacher", "labels": labels, "members": args.members,
              "temperature": args.temperature, "sources": sources, "rows": len(rows),
              "excluded": {"files": [os.path.basename(e) for e in args.exclude], "rowsDropped": dropped}}
    probs, weight = torch.zeros(len(seqs), len(labels)), len(members)
    if args.bow_weight > 0:
        # first, since it is quick and can refuse the data; its probabilities as logistic regression gives them,
        # already soft: the temperature is for logits
        bow, header["bagOfWords"] = bag_of_words_probs(seqs + val_seqs, [r for r in rows if r[0]], labels)
        probs, weight = args.bow_weight * bow[:len(seqs)], weight + args.bow_weight
        header["bagOfWords"]["weight"] = args.bow_weight
        print(f"teacher: bag-of-words member, C={header['bagOfWords']['C']} (cross-validated accuracy "
              f"{header['bagOfWords']['cvAccuracy']:.4f} on {header['bagOfWords']['labelledRows']} labelled rows)", flush=True)
    probs = (probs + sum(member_probs(m, seqs, args.temperature, args.batch_size) for m in members)) / weight
    if args.val:
        each = [member_probs(m, val_seqs, 1.0, args.batch_size) for m in members]
        ensemble = sum(each)
        header["val"] = {"members": [accuracy(e, val_labels, labels) for e in each]}
        if args.bow_weight > 0:
            bow_val = bow[len(seqs):]
            header["val"]["bagOfWords"] = accuracy(bow_val, val_labels, labels)
            # what the bag of words adds, judged on val: the members' average without it
            header["val"]["membersAveraged"] = accuracy(ensemble / len(members), val_labels, labels)
            ensemble = ensemble + args.bow_weight * bow_val
        header["val"]["ensemble"] = accuracy(ensemble / weight, val_labels, labels)
        print("val accuracy: members " + " ".join(f"{a:.4f}" for a in header["val"]["members"])
              + (f", bag of words {header['val']['bagOfWords']:.4f}, members averaged {header['val']['membersAveraged']:.4f}"
                 if args.bow_weight > 0 else "")
              + f", ensemble {header['val']['ensemble']:.4f}", flush=True)
    with open(args.out + ".tmp", "w", encoding="utf-8") as f:
        f.write(json.dumps(header, ensure_ascii=False) + "\n")
        for (label, ids), p_row in zip(rows, probs.tolist()):
            f.write(json.dumps({"ids": ids, "label": label, "probs": [round(v, 6) for v in p_row]}) + "\n")
    os.replace(args.out + ".tmp", args.out)
    labelled = sum(1 for label, _ in rows if label)
    print(f"teacher: {len(members)} members, {len(rows)} rows ({labelled} labelled, {len(rows) - labelled} not)"
          f", {dropped} dropped as val/test texts -> {args.out}", flush=True)


def read_teacher(path, labels, train_header):
    """(ids, hard label index or -1, soft probs [n, labels], temperature) of a teacher file for these labels,
    refused unless its labels and its sources' tokenization are the training split's."""
    with open(path, encoding="utf-8") as f:
        header = json.loads(f.readline())
        if header.get("format") != "sift-teacher":
            raise SystemExit(f"train: {path} is not a teacher file written by teacher.py")
        if header["labels"] != labels:
            raise SystemExit(f"train: the teacher's labels {header['labels']} are not train's {labels}")
        for source in header["sources"]:
            if (source["maxLength"], source["truncation"]) != (train_header["maxLength"], train_header["truncation"]):
                raise SystemExit(f"train: teacher source {source['file']} was tokenized at {source['maxLength']} "
                                 f"{source['truncation']}, train at {train_header['maxLength']} {train_header['truncation']}")
        index = {l: i for i, l in enumerate(labels)}
        ids, hard, soft = [], [], []
        for line in f:
            if line.strip():
                row = json.loads(line)
                ids.append(row["ids"])
                hard.append(index.get(row["label"], -1))
                soft.append(row["probs"])
    return ids, torch.tensor(hard), torch.tensor(soft), header["temperature"]


def distill_loss(logits, soft, hard, alpha, temperature):
    """(1 - alpha) * T^2 * KL(teacher || student at T) over every row + alpha * cross-entropy on the rows with a
    label (hard >= 0); the T^2 keeps the soft term's gradients on the hard term's scale (Hinton et al. 2015)."""
    kl = F.kl_div(F.log_softmax(logits / temperature, -1), soft, reduction="batchmean") * temperature ** 2
    labelled = hard >= 0
    ce = F.cross_entropy(logits[labelled], hard[labelled]) if labelled.any() else logits.new_zeros(())
    return alpha * ce + (1 - alpha) * kl


if __name__ == "__main__":
    main()
