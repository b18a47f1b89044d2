"""Domain-adaptive pretraining: continue masked-language-model training of the encoder on unlabeled text.

    /usr/bin/python3 pretrain.py --data ids/ --tokenizer tokenizer.json --out target/pretrain \
        --init target/bge-small-zh/bge-small-zh-v1.5-q.onnx [--epochs 1 --lr 5e-5 --mask 0.15]

--data: token-id files (.jsonl, a directory of them, or several) written by the Java
TokenizeDataset: labelled splits (their labels are ignored), feedback exports, or any text column
(TokenizeDataset --text-column). Every text counts once, however many files carry it.

The int8 bge ONNX has no MLM head (bge was trained contrastively after BERT's pretraining, and
only the encoder was exported), so one is built here, BERT's shape:
  transform  Linear(hidden, hidden) initialised to the identity, erf GELU, LayerNorm (1, 0)
  decoder    tied to the word embeddings (no new matrix), plus a new bias per vocabulary entry
             initialised to the log unigram frequency of the corpus, so the untrained head already
             predicts the corpus' character distribution instead of a uniform one
The first --head-steps steps train the head alone, encoder frozen, so a random head does not push
noise into the encoder; then everything trains at --lr (AdamW, warmup, linear decay).

Masking is by token, which for Chinese under the bert-base-chinese vocabulary is by character
(every CJK character is its own token): --mask of the non-special tokens of each text are chosen;
80% become [MASK], 10% a random corpus token, 10% stay. Whole-word masking would need a word
segmenter in Python, which Debian does not package; not done.

Writes OUT/encoder.pt ({"format": "sift-encoder", "config", "bert": the encoder's state dict,
"mlmHead", "pretraining": corpus, settings, held-out masked-token loss and accuracy before and
after}) and OUT/pretrain_log.json. train.py --init OUT/encoder.pt fine-tunes from it.
"""
import argparse
import glob
import hashlib
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from data import pad_batch, read_ids

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, nargs="+", help="token-id .jsonl files or directories of them")
    p.add_argument("--tokenizer", required=True, help="the tokenizer.json the ids were made with ([MASK] and specials)")
    p.add_argument("--out", required=True)
    p.add_argument("--init", required=True, help="encoder ONNX to dequantize, an encoder.pt, or 'random'")
    p.add_argument("--hidden", type=int, default=64, help="--init random only")
    p.add_argument("--layers", type=int, default=2, help="--init random only")
    p.add_argument("--heads", type=int, default=4, help="--init random only")
    p.add_argument("--intermediate", type=int, default=128, help="--init random only")
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--epochs", type=float, default=1)
    p.add_argument("--max-steps", type=int, default=-1)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--head-lr", type=float, default=1e-3, help="learning rate of the head during --head-steps")
    p.add_argument("--head-steps", type=int, default=50, help="first steps with the encoder frozen")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=float, default=0.06)
    p.add_argument("--mask", type=float, default=0.15, help="fraction of each text's tokens to predict")
    p.add_argument("--held-out", type=float, default=0.05, help="fraction of texts kept out to measure the MLM loss")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="auto")
    p.add_argument("--log-every", type=int, default=20)
    p.add_argument("--time-limit", type=float, default=0, help="minutes (0: none); the encoder so far is written")
    return p.parse_args(argv)


class MlmHead(nn.Module):
    """BERT's prediction head on a given word-embedding table (tied decoder)."""

    def __init__(self, cfg, word_embeddings, log_unigram):
        super().__init__()
        self.dense = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.LayerNorm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.bias = nn.Parameter(torch.as_tensor(log_unigram, dtype=torch.float32).clone())
        self.word_embeddings = word_embeddings
        with torch.no_grad():
            self.dense.weight.copy_(torch.eye(cfg.hidden_size))
            self.dense.bias.zero_()

    def forward(self, hidden):
        x = self.LayerNorm(F.gelu(self.dense(hidden)))
        return x @ self.word_embeddings.weight.t() + self.bias


def special_ids(tokenizer_path):
    with open(tokenizer_path, encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    missing = [t for t in SPECIAL_TOKENS if t not in vocab]
    if missing:
        raise ValueError(f"{tokenizer_path}: no {missing} in the vocabulary")
    return {t: vocab[t] for t in SPECIAL_TOKENS}


def corpus_files(paths):
    files = []
    for path in paths:
        files += sorted(glob.glob(os.path.join(path, "*.jsonl"))) if os.path.isdir(path) else [path]
    if not files:
        raise ValueError(f"no .jsonl token-id files in {paths}")
    return files


def read_corpus(files):
    """Distinct id sequences across the files (a text in train and in feedback counts once), and the file headers."""
    seen, texts, headers = set(), [], []
    for path in files:
        header, _, ids = read_ids(path)
        headers.append({"file": os.path.basename(path), "source": header.get("source"), "sha256": header.get("sha256"),
                        "rows": header["rows"]})
        for seq in ids:
            key = hashlib.sha1(np.asarray(seq, dtype=np.int32).tobytes()).digest()
            if key not in seen and len(seq) > 2:
                seen.add(key)
                texts.append(seq)
    return texts, headers


def mask_batch(seqs, specials, rate, candidates, generator):
    """(input ids, attention mask, token types, targets with -100 where nothing is predicted)."""
    ids, attention, types = pad_batch(seqs, pad_id=specials["[PAD]"])
    targets = torch.full_like(ids, -100)
    special = torch.zeros_like(ids, dtype=torch.bool)
    for token in SPECIAL_TOKENS:
        special |= ids == specials[token]
    probability = torch.rand(ids.shape, generator=generator)
    chosen = (probability < rate) & ~special & attention.bool()
    # at least one prediction per text, so a short text is never skipped
    for row in range(ids.size(0)):
        if not chosen[row].any():
            allowed = (~special[row] & attention[row].bool()).nonzero().flatten()
            if len(allowed):
                chosen[row, allowed[torch.randint(len(allowed), (1,), generator=generator)]] = True
    targets[chosen] = ids[chosen]
    action = torch.rand(ids.shape, generator=generator)
    masked = ids.clone()
    masked[chosen & (action < 0.8)] = specials["[MASK]"]
    swap = chosen & (action >= 0.8) & (action < 0.9)
    masked[swap] = candidates[torch.randint(len(candidates), (int(swap.sum()),), generator=generator)]
    return masked, attention, types, targets


def mlm_loss(encoder, head, batch, device):
    ids, attention, types, targets = (t.to(device) for t in batch)
    hidden = encoder(ids, attention, types)
    picked = targets != -100
    logits = head(hidden[picked])
    return F.cross_entropy(logits, targets[picked]), logits.argmax(-1).eq(targets[picked]).float().mean()


def evaluate(encoder, head, held_out_batches, device):
    encoder.eval()
    head.eval()
    total, correct, count = 0.0, 0.0, 0
    with torch.no_grad():
        for batch in held_out_batches:
            n = int((batch[3] != -100).sum())
            loss, accuracy = mlm_loss(encoder, head, batch, device)
            total += loss.item() * n
            correct += accuracy.item() * n
            count += n
    return {"loss": total / max(1, count), "accuracy": correct / max(1, count), "tokens": count}


def build_encoder(args):
    """The encoder as train.py builds it (random, ONNX, or an encoder.pt), without its classifier head."""
    from train import build_model
    model = build_model(args, 1)
    return model.bert, model.config


def main(argv=None):
    args = parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          (args.device if args.device != "auto" else "cpu"))
    specials = special_ids(args.tokenizer)
    files = corpus_files(args.data)
    texts, headers = read_corpus(files)
    if len(texts) < 2:
        raise ValueError(f"{len(texts)} distinct texts in {files}: nothing to pretrain on")
    order = list(range(len(texts)))
    random.Random(args.seed).shuffle(order)
    held = max(1, int(len(texts) * args.held_out))
    held_out, train = [texts[i] for i in order[:held]], [texts[i] for i in order[held:]]

    encoder, cfg = build_encoder(args)
    encoder.to(device)
    counts = np.bincount(np.concatenate([np.asarray(s) for s in train]), minlength=cfg.vocab_size)[:cfg.vocab_size]
    log_unigram = np.log((counts + 0.1) / (counts.sum() + 0.1 * cfg.vocab_size))
    head = MlmHead(cfg, encoder.embeddings.word_embeddings, log_unigram).to(device)
    special_set = set(specials.values())
    candidates = torch.tensor([i for i in np.nonzero(counts)[0] if i not in special_set], dtype=torch.long)

    generator = torch.Generator().manual_seed(args.seed)
    held_out_batches = [mask_batch(held_out[i:i + args.batch_size], specials, args.mask, candidates,
                                   torch.Generator().manual_seed(args.seed + 1 + i))
                        for i in range(0, len(held_out), args.batch_size)]
    before = evaluate(encoder, head, held_out_batches, device)
    print(f"corpus: {len(texts)} distinct texts from {len(files)} file(s), {len(train)} to train, {held} held out; "
          f"held-out masked tokens: loss {before['loss']:.4f} accuracy {before['accuracy']:.4f} before", flush=True)

    head_params = [p for n, p in head.named_parameters() if not n.startswith("word_embeddings")]
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total_steps = math.ceil(args.epochs * steps_per_epoch)
    if args.max_steps > 0:
        total_steps = min(total_steps, args.max_steps)
    head_steps = min(args.head_steps, total_steps)
    head_optimizer = torch.optim.AdamW(head_params, lr=args.head_lr, weight_decay=0.0)
    decay = [p for p in encoder.parameters() if p.dim() >= 2]
    no_decay = [p for p in encoder.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                                   {"params": no_decay + head_params, "weight_decay": 0.0}], lr=args.lr)
    joint_steps = max(1, total_steps - head_steps)
    warmup_steps = int(args.warmup * joint_steps)
    os.makedirs(args.out, exist_ok=True)
    log, step, seen, start = [], 0, 0, time.time()
    window_start, window_seen = start, 0
    done = False
    while not done:
        shuffled = list(range(len(train)))
        random.Random(args.seed + step).shuffle(shuffled)
        for s in range(0, len(shuffled), args.batch_size):
            frozen = step < head_steps
            encoder.train(not frozen)
            head.train()
            for p in encoder.parameters():
                p.requires_grad_(not frozen)
            batch = mask_batch([train[i] for i in shuffled[s:s + args.batch_size]], specials, args.mask, candidates,
                               generator)
            if frozen:
                current = head_optimizer
            else:
                joint = step - head_steps
                scale = (joint + 1) / max(1, warmup_steps) if joint < warmup_steps else \
                    max(0.0, (joint_steps - joint) / max(1, joint_steps - warmup_steps))
                for g in optimizer.param_groups:
                    g["lr"] = args.lr * scale
                current = optimizer
            loss, accuracy = mlm_loss(encoder, head, batch, device)
            current.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(encoder.parameters()) + head_params, 1.0)
            current.step()
            step += 1
            seen += len(batch[0])
            window_seen += len(batch[0])
            if step % args.log_every == 0 or step == total_steps:
                now = time.time()
                print(f"step {step}/{total_steps}{' (head only)' if frozen else ''} loss {loss.item():.4f} "
                      f"masked accuracy {accuracy.item():.3f} {window_seen / (now - window_start):.1f} texts/s "
                      f"ETA {(total_steps - step) * (now - start) / step / 60:.1f} min", flush=True)
                log.append({"step": step, "loss": round(loss.item(), 4), "elapsed_s": round(now - start, 1)})
                window_start, window_seen = now, 0
            if step >= total_steps or (args.time_limit and time.time() - start > args.time_limit * 60):
                done = True
                break
    after = evaluate(encoder, head, held_out_batches, device)
    elapsed = time.time() - start
    print(f"held-out masked tokens: loss {before['loss']:.4f} -> {after['loss']:.4f}, "
          f"accuracy {before['accuracy']:.4f} -> {after['accuracy']:.4f}; {step} steps, {seen / elapsed:.1f} texts/s "
          f"over {elapsed / 60:.1f} min -> {os.path.join(args.out, 'encoder.pt')}", flush=True)
    pretraining = {
        "init": os.path.basename(args.init), "corpus": headers, "texts": len(texts), "trainTexts": len(train),
        "heldOutTexts": held, "masking": {"unit": "token (a character for CJK text)", "rate": args.mask,
                                          "replace": "80% [MASK], 10% random corpus token, 10% unchanged"},
        "head": "transform Linear (identity init) + GELU + LayerNorm; decoder tied to the word embeddings; "
                "bias = log unigram frequency of the corpus; first head-steps with the encoder frozen",
        # file names, not a build machine's paths (as bundle.py records a fine-tune's init)
        "hyperparameters": {**{k: v for k, v in vars(args).items() if k not in ("data", "out", "tokenizer")},
                            "init": os.path.basename(args.init)},
        "heldOut": {"before": before, "after": after},
        "training": {"steps": step, "texts": seen, "seconds": round(elapsed, 1),
                     "textsPerSecond": round(seen / elapsed, 2), "device": str(device),
                     "threads": torch.get_num_threads(), "torch": str(torch.__version__)},
    }
    checkpoint = {"format": "sift-encoder", "config": cfg.to_dict(),
                  "bert": {k: v.detach().float().cpu() for k, v in encoder.state_dict().items()},
                  "mlmHead": {k: v.detach().float().cpu() for k, v in head.state_dict().items()
                              if not k.startswith("word_embeddings")},
                  "pretraining": pretraining}
    torch.save(checkpoint, os.path.join(args.out, "encoder.pt.tmp"))
    os.replace(os.path.join(args.out, "encoder.pt.tmp"), os.path.join(args.out, "encoder.pt"))
    with open(os.path.join(args.out, "pretrain_log.json"), "w", encoding="utf-8") as f:
        json.dump({"log": log, **pretraining}, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    try:
        main()
    except ValueError as e:
        raise SystemExit(f"pretrain: {e}")
