"""Token ids written by the Java TokenizeDataset (the serving tokenizer), and batching them.

A .jsonl file: one header line ({"source", "sha256", "tokenizerSha256", "maxLength", "truncation",
"rows", "truncated"}), then {"label": "...", "ids": [...]} per CSV row.
"""
import json

import torch


def read_ids(path):
    """Returns (header dict, list of labels, list of id lists)."""
    with open(path, encoding="utf-8") as f:
        header = json.loads(f.readline())
        labels, ids = [], []
        for line in f:
            if line.strip():
                row = json.loads(line)
                labels.append(row["label"])
                ids.append(row["ids"])
    if len(ids) != header["rows"]:
        raise ValueError(f"{path}: header says {header['rows']} rows, file has {len(ids)}")
    return header, labels, ids


def pad_batch(seqs, pad_id=0, device="cpu"):
    """input_ids, attention_mask, token_type_ids (int64 [batch, longest]) as serving's PaddedBatch builds them."""
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s, dtype=torch.long)
        mask[i, :len(s)] = 1
    return ids.to(device), mask.to(device), torch.zeros_like(ids).to(device)


def length_sorted_batches(n_items, lengths, batch_size):
    """Index batches of similar length (less padding): for evaluation, where order does not matter."""
    order = sorted(range(n_items), key=lambda i: lengths[i])
    return [order[i:i + batch_size] for i in range(0, n_items, batch_size)]
