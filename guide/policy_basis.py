"""The policy basis of each scenario: reviewed links from ``data/knowledge/policy_basis.yml``.

Each link names its passage by a quoted phrase, not by a passage id, so re-cutting the corpus
never silently moves it: a quote must occur in exactly one passage or loading fails. A scenario
without a reviewed entry falls back to the free search (and says that it was not reviewed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Sequence, Tuple

import yaml

from guide.lookup import search_policy
from guide.passages import Passage, corpus
from guide.paths import POLICY_BASIS_FILE
from guide.scenarios import Scenario
from guide.search import scenario_query

MAX_LINKS = 3
PRINCIPLE_NOTICE = "指引未引用具体政策条文，以下是相关的工作原则"
AUTOMATIC_NOTICE = "以下为按关键词自动检索的结果，未经人工审核"
AUTOMATIC_REASON = "与本场景的问题和关键词相近（自动检索）"
LEVELS = ("specific", "principle")


class PolicyBasisError(ValueError):
    """The policy basis file is malformed or a quote does not name exactly one passage."""


@dataclass(frozen=True)
class PolicyLink:
    """A passage shown as policy basis, with the one-line reason why it supports the method."""

    passage: Passage
    reason: str


@dataclass(frozen=True)
class PolicyBasis:
    """What the assistant shows as the policy behind a scenario's method, best first.

    ``principle_only``: the corpus has no specific text for it, only working principles.
    ``reviewed``: the links were chosen by reading (False: found by the automatic look-up).
    """

    scenario_id: int
    links: Tuple[PolicyLink, ...]
    principle_only: bool = False
    reviewed: bool = True

    @property
    def notice(self) -> str | None:
        """The caveat shown above the passages, if any."""
        if not self.reviewed:
            return AUTOMATIC_NOTICE
        return PRINCIPLE_NOTICE if self.principle_only else None


def resolve_quote(quote: str, passages: Sequence[Passage]) -> Passage:
    """The one passage whose text contains ``quote``."""
    found = [passage for passage in passages if quote in passage.text]
    if len(found) != 1:
        where = ", ".join(passage.id for passage in found) or "no passage"
        raise PolicyBasisError(f"quote {quote!r} must occur in exactly one passage, found in {where}")
    return found[0]


def load_policy_basis(
    path: Path = POLICY_BASIS_FILE, passages: Sequence[Passage] | None = None
) -> Dict[int, PolicyBasis]:
    """The reviewed policy basis of every scenario in ``path``, quotes resolved to passages."""
    passages = corpus() if passages is None else passages
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("scenarios") or []
    basis: Dict[int, PolicyBasis] = {}
    for entry in entries:
        scenario_id, level, links = entry.get("scenario"), entry.get("level"), entry.get("links") or []
        if not isinstance(scenario_id, int) or scenario_id in basis:
            raise PolicyBasisError(f"{path}: missing or repeated scenario number in {entry!r}")
        if level not in LEVELS:
            raise PolicyBasisError(f"{path}: scenario {scenario_id}: level must be one of {LEVELS}, got {level!r}")
        if not 1 <= len(links) <= MAX_LINKS:
            raise PolicyBasisError(f"{path}: scenario {scenario_id} needs 1..{MAX_LINKS} links, has {len(links)}")
        resolved = []
        for link in links:
            if not str(link.get("reason") or "").strip():
                raise PolicyBasisError(f"{path}: scenario {scenario_id}: the link {link.get('quote')!r} has no reason")
            resolved.append(PolicyLink(resolve_quote(str(link.get("quote") or ""), passages), link["reason"].strip()))
        if len({link.passage.id for link in resolved}) != len(resolved):
            raise PolicyBasisError(f"{path}: scenario {scenario_id} links the same passage twice")
        basis[scenario_id] = PolicyBasis(scenario_id, tuple(resolved), principle_only=level == "principle")
    return basis


@lru_cache(maxsize=1)
def reviewed_policy_basis() -> Dict[int, PolicyBasis]:
    """The project's reviewed links, read and resolved once."""
    return load_policy_basis()


def policy_basis(scenario: Scenario) -> PolicyBasis:
    """The reviewed basis of a scenario, or what the free search finds for it (marked unreviewed)."""
    reviewed = reviewed_policy_basis().get(scenario.id)
    if reviewed is not None:
        return reviewed
    hits = search_policy(scenario_query(scenario), k=MAX_LINKS)
    return PolicyBasis(scenario.id, tuple(PolicyLink(hit.item, AUTOMATIC_REASON) for hit in hits), reviewed=False)
