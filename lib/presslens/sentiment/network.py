"""The network behind `presslens.sentiment.learned`: MiniLM-L6 with LoRA adapters and a target-aware head.

Needs the `learned` extra (torch, transformers); `presslens.sentiment.learned` imports this module only when
those are installed. The input marks the target mention with "<" and ">" around it; the head reads the
mean of all token states (the sentence) beside the mean over the marked span (the target), so two
targets of one sentence get different inputs and can get different labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

MARK_OPEN = "<"
MARK_CLOSE = ">"
LORA_TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")


class LoRALinear(nn.Module):
    """A frozen `nn.Linear` plus a trainable low-rank update: y = W x + (alpha / rank) * B A x."""

    def __init__(self, base: nn.Linear, *, rank: int, alpha: float, dropout: float = 0.0) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.base(inputs) + (self.dropout(inputs) @ self.lora_a.T @ self.lora_b.T) * self.scale

    def merged(self) -> nn.Linear:
        """The equivalent plain `nn.Linear` with the update folded into its weight (for fast inference)."""
        with torch.no_grad():
            self.base.weight += self.scale * (self.lora_b @ self.lora_a)
        return self.base


def add_lora(encoder: nn.Module, *, rank: int, alpha: float, layers: Sequence[int], dropout: float = 0.0) -> None:
    """Freeze `encoder` and wrap the attention and feed-forward projections of `layers` in `LoRALinear`.

    The LayerNorm weights of those layers stay trainable: they are few and help the adapters. Works in place.
    """
    for parameter in encoder.parameters():
        parameter.requires_grad = False
    prefixes = tuple(f"encoder.layer.{layer}." for layer in layers)
    for name, module in list(encoder.named_modules()):
        if isinstance(module, nn.Linear) and name.startswith(prefixes) and name.endswith(LORA_TARGETS):
            parent_name, _, child = name.rpartition(".")
            setattr(encoder.get_submodule(parent_name), child, LoRALinear(module, rank=rank, alpha=alpha,
                                                                           dropout=dropout))
    for name, parameter in encoder.named_parameters():
        if "LayerNorm" in name and name.startswith(prefixes):
            parameter.requires_grad = True


def merge_lora(encoder: nn.Module) -> None:
    """Replace every `LoRALinear` in `encoder` by its merged `nn.Linear` (in place)."""
    for name, module in list(encoder.named_modules()):
        if isinstance(module, LoRALinear):
            parent_name, _, child = name.rpartition(".")
            setattr(encoder.get_submodule(parent_name), child, module.merged())


class TargetSentimentNetwork(nn.Module):
    """Encoder + linear head over [mean of sentence tokens; mean of the marked target span]."""

    def __init__(self, encoder: nn.Module, *, n_labels: int = 3, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(2 * hidden, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                span_mask: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(states, attention_mask, span_mask)

    def hidden_states(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, *, upto: int) -> torch.Tensor:
        """Token states after the embeddings and the first `upto` layers (training caches these)."""
        states = self.encoder.embeddings(input_ids=input_ids)
        return self.run_layers(states, attention_mask, first=0, last=upto)

    def run_layers(self, states: torch.Tensor, attention_mask: torch.Tensor, *, first: int,
                   last: int | None = None) -> torch.Tensor:
        """Run encoder layers `first` to `last` (exclusive; None = to the top) on token states."""
        from transformers.masking_utils import create_bidirectional_mask

        mask = create_bidirectional_mask(config=self.encoder.config, inputs_embeds=states,
                                         attention_mask=attention_mask)
        for layer in self.encoder.encoder.layer[first:last]:
            states = layer(states, mask)
        return states

    def head(self, states: torch.Tensor, attention_mask: torch.Tensor, span_mask: torch.Tensor) -> torch.Tensor:
        """Class logits from the top-layer token states."""
        sentence = _masked_mean(states, attention_mask)
        target = _masked_mean(states, span_mask)
        return self.classifier(self.dropout(torch.cat([sentence, target], dim=-1)))


def _masked_mean(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    weights = mask.unsqueeze(-1).to(states.dtype)
    return (states * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)


@dataclass
class EncodedBatch:
    """Model inputs for a batch of targets: token ids, attention mask and the target-span mask."""

    input_ids: torch.Tensor
    attention_mask: torch.Tensor
    span_mask: torch.Tensor


def mark_target(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """Put the markers around `sentence[start:end]`.

    Returns:
        The marked text and the character span of the marked target (markers included) within it.
    """
    marked = sentence[:start] + MARK_OPEN + sentence[start:end] + MARK_CLOSE + sentence[end:]
    return marked, start, end + len(MARK_OPEN) + len(MARK_CLOSE)


def encode_targets(tokenizer, sentences: Sequence[str], starts: Sequence[int], ends: Sequence[int], *,
                   max_length: int) -> EncodedBatch:
    """Tokenize marked sentences; a sentence longer than `max_length` tokens keeps a window around its target.

    Args:
        tokenizer: a fast Hugging Face tokenizer (it must return offsets).
        sentences, starts, ends: one target per position (character span within its sentence).
        max_length: most tokens per input, [CLS] and [SEP] included.

    Returns:
        The padded batch.
    """
    marked = [mark_target(sentence, start, end) for sentence, start, end in zip(sentences, starts, ends)]
    encoded = tokenizer([text for text, _, _ in marked], add_special_tokens=False, return_offsets_mapping=True,
                        verbose=False)
    room = max_length - 2
    rows: list[tuple[list[int], list[int]]] = []
    for ids, offsets, (_, span_start, span_end) in zip(encoded["input_ids"], encoded["offset_mapping"], marked):
        in_span = [int(a < span_end and b > span_start) for a, b in offsets]
        if len(ids) > room:
            first = in_span.index(1)
            last = len(in_span) - 1 - in_span[::-1].index(1)
            centre = (first + last) // 2
            begin = min(max(0, centre - room // 2), len(ids) - room)
            ids, in_span = ids[begin:begin + room], in_span[begin:begin + room]
        rows.append(([tokenizer.cls_token_id, *ids, tokenizer.sep_token_id], [0, *in_span, 0]))
    width = max(len(ids) for ids, _ in rows)
    input_ids = torch.full((len(rows), width), tokenizer.pad_token_id, dtype=torch.long)
    attention_mask = torch.zeros((len(rows), width), dtype=torch.long)
    span_mask = torch.zeros((len(rows), width), dtype=torch.long)
    for row, (ids, in_span) in enumerate(rows):
        input_ids[row, :len(ids)] = torch.tensor(ids)
        attention_mask[row, :len(ids)] = 1
        span_mask[row, :len(ids)] = torch.tensor(in_span)
    return EncodedBatch(input_ids, attention_mask, span_mask)


def trainable_state(network: nn.Module) -> dict[str, torch.Tensor]:
    """The parameters training changed (LoRA matrices, LayerNorms, head), as a name -> tensor dict."""
    return {name: parameter.detach().clone() for name, parameter in network.named_parameters()
            if parameter.requires_grad}
