"""Fine-tune the BERT classifier on token ids written by the Java TokenizeDataset.

    /usr/bin/python3 train.py --data target/train/ids --out target/train/run --init target/bge-small-zh/bge-small-zh-v1.5-q.onnx

--data holds train.jsonl and val.jsonl (test.jsonl is never read here). Labels are the train
file's values, sorted. AdamW, linear warmup then linear decay, evaluation on val every epoch (or
every --eval-every steps), early stopping on val macro-F1, fixed seeds. Writes OUT/best.pt (the
best fp32 weights, config, labels, hyperparameters, data hashes) and OUT/train_log.json.

Multi-label (--task multilabel, or auto when a train label holds a `|`): a row's label field is
several labels separated by `|`; labels are the sorted union. The head is the same linear layer,
read through a sigmoid per label and trained with binary cross-entropy; early stopping is on val
micro-F1 at 0.5, and the best model's per-label thresholds are then chosen on val (each label's
F1-maximising score) and stored with the checkpoint, for the bundle.

CPU here (Debian's torch 1.13, --threads); CUDA with bf16/fp16 autocast on torch 2.x when a GPU is
present. --init random with --hidden/--layers/... builds a small random encoder for tests.
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from data import length_sorted_batches, pad_batch, read_ids
from model import BertClassifier, BertConfig
from regularizers import WordEmbeddingAttack, multi_sample_logits, parameter_groups, symmetric_kl
from teacher import distill_loss, read_teacher


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="directory with train.jsonl and val.jsonl")
    p.add_argument("--out", required=True)
    p.add_argument("--init", required=True,
                   help="encoder ONNX to dequantize, an encoder.pt from pretrain.py, a best.pt from train.py "
                        "(continue from that classifier; its head too when the labels are the same), or 'random'")
    p.add_argument("--hidden", type=int, default=64, help="--init random only")
    p.add_argument("--layers", type=int, default=2, help="--init random only")
    p.add_argument("--heads", type=int, default=4, help="--init random only")
    p.add_argument("--intermediate", type=int, default=128, help="--init random only")
    p.add_argument("--epochs", type=float, default=3)
    p.add_argument("--max-steps", type=int, default=-1, help="stop after this many optimizer steps")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-5)
    p.add_argument("--head-lr", type=float, default=None, help="learning rate of the new head (default: --lr)")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=float, default=0.1, help="fraction of steps with linear warmup")
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--eval-every", type=int, default=0, help="evaluate every N steps (0: every epoch)")
    p.add_argument("--patience", type=int, default=2, help="evaluations without val macro-F1 gain before stopping")
    p.add_argument("--task", default="auto", choices=("auto", "single", "multilabel"),
                   help="auto: multilabel when a train label holds '|'")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: torch's default)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda")
    p.add_argument("--amp", default="auto", help="auto (bf16, else fp16, on CUDA; off on CPU), bf16, fp16, off")
    p.add_argument("--log-every", type=int, default=20)
    # regularizers (regularizers.py; each off by default, see the training README for what they did on val)
    p.add_argument("--llrd", type=float, default=1.0, help="layer-wise learning-rate decay per layer below the top (1: off)")
    p.add_argument("--multi-sample-dropout", type=int, default=1, help="dropout masks over [CLS] per step (1: off)")
    p.add_argument("--rdrop", type=float, default=0.0, help="R-Drop: weight of the symmetric KL of two passes (0: off)")
    p.add_argument("--fgm", type=float, default=0.0, help="FGM: adversarial step size on the word embeddings (0: off)")
    # distillation (teacher.py): train on the teacher file's rows (train + unlabeled texts) against its soft targets
    p.add_argument("--teacher", help="a teacher.py file: its rows replace train.jsonl's as training rows")
    p.add_argument("--distill-alpha", type=float, default=0.5,
                   help="weight of the hard-label loss on labelled teacher rows (the soft KL gets 1 - alpha)")
    p.add_argument("--time-limit", type=float, default=0,
                   help="minutes; stop after the evaluation that passes it (0: no limit). The best so far is kept")
    return p.parse_args(argv)


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


def macro_f1(gold, pred, n_labels):
    f1s = []
    for c in range(n_labels):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / n_labels


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def multilabel_metrics(gold, scores, thresholds):
    """gold: {0,1} [n, labels]; scores: sigmoid [n, labels]; thresholds: [labels]. Micro-F1 (over
    every label decision), macro-F1 (mean of per-label F1), exact match (every label right)."""
    pred = scores >= thresholds
    gold = gold.bool()
    tp = (pred & gold).sum(0).float()
    fp = (pred & ~gold).sum(0).float()
    fn = (~pred & gold).sum(0).float()
    micro = f1(tp.sum().item(), fp.sum().item(), fn.sum().item())
    macro = sum(f1(a, b, c) for a, b, c in zip(tp.tolist(), fp.tolist(), fn.tolist())) / gold.shape[1]
    exact = (pred == gold).all(1).float().mean().item()
    return {"microF1": micro, "macroF1": macro, "exactMatch": exact}


def choose_thresholds(gold, scores, grid=None):
    """Per label, the score threshold that maximises that label's F1 on these rows (ties: the lowest).
    A label no row carries keeps 0.5."""
    grid = grid if grid is not None else [i / 100 for i in range(5, 96)]
    chosen = []
    for c in range(gold.shape[1]):
        g = gold[:, c].bool()
        if not g.any():
            chosen.append(0.5)
            continue
        best_t, best_f1 = 0.5, -1.0
        for t in grid:
            p = scores[:, c] >= t
            score = f1((p & g).sum().item(), (p & ~g).sum().item(), (~p & g).sum().item())
            if score > best_f1:
                best_t, best_f1 = t, score
        chosen.append(best_t)
    return chosen


@torch.no_grad()
def predict(model, seqs, batch_size, device, autocast):
    """Logits [n, labels] in input order (float32, CPU)."""
    model.eval()
    out = torch.zeros(len(seqs), model.config.num_labels)
    for idx in length_sorted_batches(len(seqs), [len(s) for s in seqs], batch_size):
        with autocast():
            logits = model(*pad_batch([seqs[i] for i in idx], device=device))
        out[idx] = logits.float().cpu()
    return out


def evaluate(model, seqs, gold, batch_size, device, autocast, multilabel=False):
    logits = predict(model, seqs, batch_size, device, autocast)
    if multilabel:
        metrics = multilabel_metrics(gold, torch.sigmoid(logits), torch.full((gold.shape[1],), 0.5))
        return {**metrics, "loss": F.binary_cross_entropy_with_logits(logits, gold).item()}
    pred = logits.argmax(-1).tolist()
    accuracy = sum(int(p == g) for p, g in zip(pred, gold)) / len(gold)
    loss = F.cross_entropy(logits, torch.tensor(gold)).item()
    return {"accuracy": accuracy, "macroF1": macro_f1(gold, pred, model.config.num_labels), "loss": loss}


def sortish_batches(n, lengths, batch_size, generator):
    """Shuffled batches of similar-length texts: shuffle, sort within windows of 50 batches, shuffle batches.
    Less padding than plain shuffling, which is most of the cost on CPU."""
    perm = torch.randperm(n, generator=generator).tolist()
    window = batch_size * 50
    batches = []
    for start in range(0, n, window):
        chunk = sorted(perm[start:start + window], key=lambda i: lengths[i])
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    order = torch.randperm(len(batches), generator=generator).tolist()
    return [batches[i] for i in order]


def batch_objective(batch, y_train, multilabel, soft, hard, args, device):
    """The loss of a batch's logits: cross-entropy (binary per label for multi-label), or with a teacher the
    distillation loss against its soft targets."""
    if soft is not None:
        batch_soft, batch_hard = soft[batch].to(device), hard[batch].to(device)
        return lambda logits: distill_loss(logits, batch_soft, batch_hard, args.distill_alpha, args.teacher_temperature)
    if multilabel:
        targets = y_train[batch].to(device)
        return lambda logits: F.binary_cross_entropy_with_logits(logits, targets)
    targets = torch.tensor([y_train[i] for i in batch], device=device)
    return lambda logits: F.cross_entropy(logits, targets)


def batch_loss(model, inputs, loss_of, args):
    """The training loss of one batch, with the regularizers args turn on (multi-sample dropout, R-Drop)."""
    def one_pass():
        if args.multi_sample_dropout > 1:
            all_logits = multi_sample_logits(model, inputs, args.multi_sample_dropout)
            return sum(loss_of(l) for l in all_logits) / len(all_logits), all_logits[0]
        logits = model(*inputs).float()
        return loss_of(logits), logits

    loss, logits = one_pass()
    if args.rdrop:
        loss_b, logits_b = one_pass()
        loss = (loss + loss_b) / 2 + args.rdrop * symmetric_kl(logits, logits_b)
    return loss


def build_model(args, n_labels, labels=None):
    """A classifier for n_labels labels from --init; labels (this run's) decide whether a best.pt's head fits."""
    if args.init == "random":
        cfg = BertConfig(hidden_size=args.hidden, num_hidden_layers=args.layers, num_attention_heads=args.heads,
                         intermediate_size=args.intermediate, num_labels=n_labels,
                         hidden_dropout_prob=args.dropout, attention_probs_dropout_prob=args.dropout)
        return BertClassifier(cfg)
    if args.init.endswith(".pt"):
        try:
            checkpoint = torch.load(args.init, map_location="cpu")
        except Exception as e:  # a truncated or foreign file: say which, not a pickle traceback
            raise SystemExit(f"train: --init {args.init} cannot be read as a PyTorch checkpoint: {e}")
        if not isinstance(checkpoint, dict) or not (checkpoint.get("format") == "sift-encoder"
                                                    or {"model", "config", "labels"} <= checkpoint.keys()):
            raise SystemExit(f"train: --init {args.init} is neither an encoder.pt from pretrain.py nor a best.pt from train.py")
        cfg = BertConfig(**checkpoint["config"])
        cfg.num_labels = n_labels
        cfg.hidden_dropout_prob = cfg.attention_probs_dropout_prob = args.dropout
        model = BertClassifier(cfg)
        if checkpoint.get("format") == "sift-encoder":
            # an encoder continued by pretrain.py (domain-adaptive MLM); its MLM head is not needed here
            model.bert.load_state_dict(checkpoint["bert"], strict=True)
            return model
        # A run's best.pt: training continues from a trained classifier (a member, last week's model). Its head
        # comes too when it answers the same labels of the same task; else only its encoder, and a new head.
        encoder = {k[len("bert."):]: v for k, v in checkpoint["model"].items() if k.startswith("bert.")}
        model.bert.load_state_dict(encoder, strict=True)
        same_head = labels is not None and checkpoint["labels"] == labels \
            and checkpoint.get("task") == ("multilabel" if getattr(args, "multilabel", False) else "single")
        if same_head:
            model.load_state_dict(checkpoint["model"], strict=True)
        print(f"init: {args.init}: encoder{' and head' if same_head else ' (labels or task differ: a new head)'}",
              flush=True)
        return model
    from onnx_init import init_from_onnx, load_bert_weights
    cfg, _ = load_bert_weights(args.init)
    cfg.num_labels = n_labels
    cfg.hidden_dropout_prob = cfg.attention_probs_dropout_prob = args.dropout
    return init_from_onnx(BertClassifier(cfg), args.init)


def amp_context(device, mode):
    if mode == "auto":
        mode = ("bf16" if torch.cuda.is_bf16_supported() else "fp16") if device.type == "cuda" else "off"
    if mode == "off":
        return mode, lambda: torch.autocast(device.type, enabled=False)
    dtype = torch.bfloat16 if mode == "bf16" else torch.float16
    return mode, lambda: torch.autocast(device.type, dtype=dtype)


def main(argv=None):
    args = parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          (args.device if args.device != "auto" else "cpu"))
    amp_mode, autocast = amp_context(device, args.amp)

    train_header, train_labels, train_ids = read_ids(os.path.join(args.data, "train.jsonl"))
    val_header, val_labels, val_ids = read_ids(os.path.join(args.data, "val.jsonl"))
    multilabel = args.task == "multilabel" or (args.task == "auto" and any("|" in l for l in train_labels))
    labels, y_train, y_val = encode_labels(train_labels, val_labels, multilabel)
    args.multilabel = multilabel
    select = "microF1" if multilabel else "macroF1"  # the val metric early stopping and the best model follow

    soft = hard = None
    if args.teacher:
        if multilabel:
            raise SystemExit("train: --teacher is for single-label tasks")
        if not 0 <= args.distill_alpha <= 1:
            raise SystemExit("train: --distill-alpha must lie in [0, 1]")
        train_ids, hard, soft, args.teacher_temperature = read_teacher(args.teacher, labels, train_header)
        print(f"distilling: {len(train_ids)} teacher rows ({int((hard >= 0).sum())} labelled), T {args.teacher_temperature}, "
              f"alpha {args.distill_alpha}", flush=True)
    if args.rdrop and multilabel:
        raise SystemExit("train: --rdrop compares two softmax predictions; it is for single-label tasks")
    if args.multi_sample_dropout < 1 or not 0 < args.llrd <= 1 or args.rdrop < 0 or args.fgm < 0:
        raise SystemExit("train: --multi-sample-dropout >= 1, 0 < --llrd <= 1, --rdrop >= 0 and --fgm >= 0")
    model = build_model(args, len(labels), labels).to(device)
    optimizer = torch.optim.AdamW(parameter_groups(model, args.lr, args.head_lr, args.weight_decay, args.llrd), lr=args.lr)
    attack = WordEmbeddingAttack(model, args.fgm) if args.fgm else None
    learning_rates = {g["name"]: g["lr"] for g in optimizer.param_groups}  # the peak rate per depth, for the log
    base_lrs = [g["lr"] for g in optimizer.param_groups]
    steps_per_epoch = math.ceil(len(train_ids) / args.batch_size)
    total_steps = math.ceil(args.epochs * steps_per_epoch)
    if args.max_steps > 0:
        total_steps = min(total_steps, args.max_steps)
    warmup_steps = int(args.warmup * total_steps)
    eval_every = args.eval_every or steps_per_epoch
    scaler = (torch.cuda.amp.GradScaler() if amp_mode == "fp16" else None)
    backward = (lambda l: scaler.scale(l).backward()) if scaler else (lambda l: l.backward())

    print(f"train {len(train_ids)} / val {len(val_ids)} texts, labels {labels}, maxLength {train_header['maxLength']} "
          f"{train_header['truncation']}; {sum(p.numel() for p in model.parameters()):,} parameters; "
          f"{'multi-label, ' if multilabel else ''}device {device}, amp {amp_mode}, threads {torch.get_num_threads()}; {total_steps} steps", flush=True)

    os.makedirs(args.out, exist_ok=True)
    generator = torch.Generator().manual_seed(args.seed)
    lengths = [len(s) for s in train_ids]
    log, best, best_state, stale = [], None, None, 0
    step, seen, start = 0, 0, time.time()
    window_start, window_seen = start, 0
    done = False
    epoch = 0
    while not done:
        for batch in sortish_batches(len(train_ids), lengths, args.batch_size, generator):
            model.train()
            lr_scale = (step + 1) / max(1, warmup_steps) if step < warmup_steps else \
                max(0.0, (total_steps - step) / max(1, total_steps - warmup_steps))
            for g, base in zip(optimizer.param_groups, base_lrs):
                g["lr"] = base * lr_scale
            inputs = pad_batch([train_ids[i] for i in batch], device=device)
            loss_of = batch_objective(batch, y_train, multilabel, soft, hard, args, device)
            optimizer.zero_grad(set_to_none=True)
            with autocast():
                loss = batch_loss(model, inputs, loss_of, args)
            backward(loss)
            if attack and attack.attack():
                with autocast():
                    backward(batch_loss(model, inputs, loss_of, args))
                attack.restore()
            if scaler:
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                scaler.step(optimizer)
                scaler.update()
            else:
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
            step += 1
            seen += len(batch)
            window_seen += len(batch)
            if step % args.log_every == 0 or step == total_steps:
                now = time.time()
                rate = window_seen / (now - window_start)
                eta = (total_steps - step) * (now - start) / step
                print(f"step {step}/{total_steps} epoch {seen / len(train_ids):.2f} loss {loss.item():.4f} "
                      f"lr {optimizer.param_groups[0]['lr']:.2e} {rate:.1f} ex/s ETA {eta / 60:.1f} min", flush=True)
                window_start, window_seen = now, 0
            if step % eval_every == 0 or step == total_steps:
                metrics = evaluate(model, val_ids, y_val, args.batch_size * 2, device, autocast, multilabel)
                entry = {"step": step, "epoch": round(seen / len(train_ids), 3), "elapsed_s": round(time.time() - start, 1),
                         **{f"val_{k}": v for k, v in metrics.items()}}
                log.append(entry)
                improved = best is None or metrics[select] > best[f"val_{select}"]
                shown = " ".join(f"{k} {v:.4f}" for k, v in metrics.items())
                print(f"eval step {step}: val {shown}{' (best)' if improved else ''}", flush=True)
                if improved:
                    best, stale = entry, 0
                    best_state = {k: v.detach().float().cpu().clone() for k, v in model.state_dict().items()}
                    # Saved at every improvement too: a run stopped early (time limit, spot reclaim) keeps its best.
                    save_checkpoint(args, model, labels, best, best_state, log, train_header, val_header, step, seen,
                                    start, device, amp_mode, learning_rates=learning_rates)
                else:
                    stale += 1
                    if stale >= args.patience:
                        print(f"early stop: no val {select} gain in {stale} evaluations", flush=True)
                        done = True
                if args.time_limit and time.time() - start > args.time_limit * 60 and not done:
                    print(f"time limit: stopping after {(time.time() - start) / 60:.1f} min", flush=True)
                    done = True
            if step >= total_steps or done:
                done = True
                break
        epoch += 1

    thresholds = None
    if multilabel:
        # Chosen once, on the best weights: the bundle serves a label when its score reaches its threshold.
        model.load_state_dict(best_state)
        scores = torch.sigmoid(predict(model, val_ids, args.batch_size * 2, device, autocast))
        thresholds = dict(zip(labels, choose_thresholds(y_val, scores)))
        tuned = multilabel_metrics(y_val, scores, torch.tensor(list(thresholds.values())))
        best = {**best, **{f"val_{k}AtThresholds": v for k, v in tuned.items()}}
        print("val at per-label thresholds: " + " ".join(f"{k} {v:.4f}" for k, v in tuned.items()), flush=True)
    elapsed = save_checkpoint(args, model, labels, best, best_state, log, train_header, val_header, step, seen,
                              start, device, amp_mode, thresholds, learning_rates)
    print(f"best val {select} {best[f'val_{select}']:.4f} at step {best['step']}; "
          f"{seen / elapsed:.1f} ex/s over {elapsed / 60:.1f} min -> {os.path.join(args.out, 'best.pt')}", flush=True)


def encode_labels(train_labels, val_labels, multilabel):
    """(labels, train targets, val targets): class indices, or {0,1} float rows [n, labels] for multi-label."""
    def split(field):
        parts = field.split("|") if multilabel else [field]
        if any(not p.strip() for p in parts):
            raise ValueError(f"empty label in {field!r}")
        return parts
    train_sets = [split(l) for l in train_labels]
    val_sets = [split(l) for l in val_labels]
    labels = sorted({l for s in train_sets for l in s})
    unknown = sorted({l for s in val_sets for l in s} - set(labels))
    if unknown:
        raise ValueError(f"val has labels not in train: {unknown}")
    index = {l: i for i, l in enumerate(labels)}
    if not multilabel:
        return labels, [index[s[0]] for s in train_sets], [index[s[0]] for s in val_sets]

    def multi_hot(sets):
        y = torch.zeros(len(sets), len(labels))
        for row, s in enumerate(sets):
            y[row, [index[l] for l in s]] = 1.0
        return y
    return labels, multi_hot(train_sets), multi_hot(val_sets)


def save_checkpoint(args, model, labels, best, best_state, log, train_header, val_header, step, seen, start, device,
                    amp_mode, thresholds=None, learning_rates=None):
    """Writes OUT/best.pt and OUT/train_log.json; returns the elapsed seconds."""
    elapsed = time.time() - start
    checkpoint = {
        "model": best_state,
        "config": model.config.to_dict(),
        "labels": labels,
        "task": "multilabel" if args.multilabel else "single",
        **({"thresholds": thresholds} if thresholds is not None else {}),
        "hyperparameters": {k: v for k, v in vars(args).items() if k not in ("data", "out", "multilabel")},
        "best": best,
        "data": {"train": train_header, "val": val_header},
        "training": {"steps": step, "examples": seen, "seconds": round(elapsed, 1),
                     "examplesPerSecond": round(seen / elapsed, 2), "device": str(device),
                     "accelerator": torch.cuda.get_device_name(device) if device.type == "cuda" else None, "amp": amp_mode,
                     "threads": torch.get_num_threads(), "torch": str(torch.__version__),
                     "learningRates": learning_rates},
    }
    # Written to a temp name and renamed, so an interrupted run always leaves a loadable best.pt.
    torch.save(checkpoint, os.path.join(args.out, "best.pt.tmp"))
    os.replace(os.path.join(args.out, "best.pt.tmp"), os.path.join(args.out, "best.pt"))
    with open(os.path.join(args.out, "train_log.json"), "w", encoding="utf-8") as f:
        json.dump({"log": log, **{k: checkpoint[k] for k in ("best", "training", "hyperparameters", "labels", "task",
                                                              "thresholds") if k in checkpoint}},
                  f, indent=2, ensure_ascii=False)
    return elapsed

if __name__ == "__main__":
    main()
