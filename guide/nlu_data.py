"""Rasa NLU training files (``data/nlu/*.yml``) read as plain ``(text, intent)`` examples."""

from __future__ import annotations

from pathlib import Path
from typing import List, Sequence, Tuple

import yaml

from guide.paths import DATA

NLU_DIR = DATA / "nlu"


def examples_of(path: Path) -> List[Tuple[str, str]]:
    """``(text, intent)`` for every example of one NLU file, in file order."""
    pairs: List[Tuple[str, str]] = []
    for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        if "intent" not in item:
            continue
        for line in str(item.get("examples") or "").splitlines():
            text = line.strip()
            if text.startswith("- "):
                pairs.append((text[2:].strip(), item["intent"]))
    return pairs


def read_nlu_examples(directory: Path = NLU_DIR, skip: Sequence[str] = ()) -> Tuple[List[str], List[str]]:
    """The texts and intents of every example in every ``*.yml`` file of ``directory`` (sorted by file),
    files named in ``skip`` left out."""
    pairs = [pair for path in sorted(directory.rglob("*.yml")) if path.name not in skip for pair in examples_of(path)]
    return [text for text, _ in pairs], [intent for _, intent in pairs]
