"""Real cases that illustrate a scenario's method ("举个例子"): reviewed links from
``data/knowledge/scenario_cases.yml``, each anchored by a quote in exactly one passage of the sources
(like the policy basis). A scenario the sources hold no fitting case for has an empty list, and the
assistant says so instead of stretching one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Sequence, Tuple

import yaml

from guide.passages import Passage, corpus
from guide.paths import SCENARIO_CASES_FILE
from guide.policy_basis import PolicyBasisError, resolve_quote

MAX_CASES = 2


class CasesError(PolicyBasisError):
    """The cases file is malformed or a quote does not name exactly one passage."""


@dataclass(frozen=True)
class Case:
    """A passage that reports a concrete case of a scenario's method, the quote that anchors it and why it fits."""

    passage: Passage
    quote: str
    reason: str


def load_cases(
    path: Path = SCENARIO_CASES_FILE, passages: Sequence[Passage] | None = None
) -> Dict[int, Tuple[Case, ...]]:
    """The reviewed cases of every scenario listed in ``path`` (an empty tuple: the sources hold none)."""
    passages = corpus() if passages is None else passages
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("scenarios") or []
    cases: Dict[int, Tuple[Case, ...]] = {}
    for entry in entries:
        scenario_id, links = entry.get("scenario"), entry.get("cases") or []
        if not isinstance(scenario_id, int) or scenario_id in cases:
            raise CasesError(f"{path}: missing or repeated scenario number in {entry!r}")
        if len(links) > MAX_CASES:
            raise CasesError(f"{path}: scenario {scenario_id} has {len(links)} cases, at most {MAX_CASES}")
        resolved = []
        for link in links:
            quote, reason = str(link.get("quote") or ""), str(link.get("reason") or "").strip()
            if not reason:
                raise CasesError(f"{path}: scenario {scenario_id}: the case {quote!r} has no reason")
            try:
                resolved.append(Case(resolve_quote(quote, passages), quote, reason))
            except PolicyBasisError as error:
                raise CasesError(f"{path}: scenario {scenario_id}: {error}") from error
        cases[scenario_id] = tuple(resolved)
    return cases


@lru_cache(maxsize=1)
def reviewed_cases() -> Dict[int, Tuple[Case, ...]]:
    """The project's reviewed cases, read and resolved once."""
    return load_cases()


def cases_of(scenario_id: int) -> Tuple[Case, ...]:
    """The reviewed cases of one scenario; none when the sources hold none (or it was not reviewed)."""
    return reviewed_cases().get(scenario_id, ())
