"""The edges of the assistant's field: possible emergencies, police procedure and the work of other
community bodies. Their fixed replies and the reviewed emergency signals are data
(``data/knowledge/boundaries.yml``); this module reads them and finds the signals in a message.

No Rasa here: the Rasa component (``rasa_runtime/emergency_guard.py``), the action that replies and
the evaluation all use these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Pattern, Sequence, Tuple

import yaml

from guide.paths import BOUNDARIES_FILE
from guide.text import normalise

EMERGENCY = "emergency"
POLICE_PROCEDURE = "police_procedure"
OTHER_BODY = "other_body"
KINDS = (EMERGENCY, POLICE_PROCEDURE, OTHER_BODY)  # the intent of each kind is its id


@dataclass(frozen=True)
class Boundary:
    """One kind of message outside the visit guide, with its reviewed, fixed reply."""

    id: str
    title: str
    reply: str
    after_emergency: str = ""  # emergency only: the lead-in to a visit scenario the message also describes
    unsure_notice: str = ""  # emergency only: the line above an unsure reply when an emergency is among the likeliest

    @property
    def intent(self) -> str:
        return self.id


@dataclass(frozen=True)
class EmergencySignal:
    """A reviewed sign of a possible emergency: it is present when every pattern is found."""

    id: str
    note: str
    patterns: Tuple[Pattern[str], ...]

    def found_in(self, text: str) -> bool:
        return all(pattern.search(text) for pattern in self.patterns)


NO_WORDS = re.compile(r"(?!)")  # matches nothing: the danger words of a file that lists none


@dataclass(frozen=True)
class Boundaries:
    """The boundary kinds by id and the emergency signals, in file order."""

    kinds: Dict[str, Boundary]
    signals: Tuple[EmergencySignal, ...]
    danger_words: Pattern[str] = NO_WORDS
    danger_word_negation: Pattern[str] = NO_WORDS  # matched against the two characters before a danger word

    def emergency_signs(self, text: str) -> Tuple[str, ...]:
        """The ids of the emergency signals found in ``text`` (empty when none is)."""
        normalised = normalise(text)
        return tuple(signal.id for signal in self.signals if signal.found_in(normalised))

    def danger_words_in(self, text: str) -> Tuple[str, ...]:
        """The reviewed danger words found in ``text``, each once, in order (empty when none is); a word
        right after a negation ("还没动手", "防火") is not one."""
        normalised = normalise(text)
        return tuple(
            dict.fromkeys(
                match.group(0)
                for match in self.danger_words.finditer(normalised)
                if not self.danger_word_negation.search(normalised[max(0, match.start() - 2) : match.start()])
            )
        )

    def kind_of(self, intent: Optional[str]) -> Optional[Boundary]:
        """The boundary kind an intent stands for, if it is one."""
        return self.kinds.get(intent or "")


def load_boundaries(path: Path = BOUNDARIES_FILE) -> Boundaries:
    """Read the kinds and signals; an unknown kind, a missing one or a bad pattern is an error."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds = {
        entry["id"]: Boundary(
            entry["id"],
            entry["title"],
            entry["reply"].strip(),
            entry.get("after_emergency", ""),
            entry.get("unsure_notice", "").strip(),
        )
        for entry in data["kinds"]
    }
    if tuple(kinds) != KINDS:
        raise ValueError(f"{path}: kinds must be {KINDS}, found {tuple(kinds)}")
    signals = tuple(
        EmergencySignal(entry["id"], entry.get("note", ""), tuple(re.compile(str(p)) for p in entry["all"]))
        for entry in data["emergency_signals"]
    )
    words = [str(word) for word in data.get("danger_words") or []]
    negation = data.get("danger_word_negation")
    return Boundaries(
        kinds,
        signals,
        re.compile("|".join(f"(?:{word})" for word in words)) if words else NO_WORDS,
        re.compile(str(negation)) if negation else NO_WORDS,
    )


@lru_cache(maxsize=1)
def boundaries() -> Boundaries:
    """The project's boundary kinds and emergency signals, read once."""
    return load_boundaries()


@dataclass(frozen=True)
class EmergencyVerdict:
    """Whether a message is a possible emergency, and why: the signals found and what the classifier said."""

    signs: Tuple[str, ...]
    classifier_first: bool
    classifier_confidence: float
    danger_words: Tuple[str, ...] = ()  # reviewed danger words found, counted only with the classifier's support
    classifier_supports: bool = False  # the classifier ranks `emergency` among the likeliest, above a low floor

    @property
    def danger_words_supported(self) -> bool:
        """A danger word is in the message and the classifier, though not sure, ranks `emergency` near the top."""
        return bool(self.danger_words) and self.classifier_supports

    @property
    def is_emergency(self) -> bool:
        return bool(self.signs) or self.classifier_first or self.danger_words_supported

    @property
    def confidence(self) -> float:
        """1 when a reviewed signal was found, else the classifier's confidence."""
        return 1.0 if self.signs else self.classifier_confidence

    def report(self) -> Dict[str, object]:
        """The verdict as it is reported in a parse result (JSON)."""
        return {
            "signs": list(self.signs),
            "classifier_first": self.classifier_first,
            "classifier_confidence": round(self.classifier_confidence, 4),
            "danger_words": list(self.danger_words),
            "classifier_supports": self.classifier_supports,
        }

    @classmethod
    def from_report(cls, report: object) -> "EmergencyVerdict":
        """The verdict a parse result reported; nothing found when the report is missing or malformed."""
        if not isinstance(report, dict):
            return cls((), False, 0.0)
        signs = report.get("signs")
        confidence = report.get("classifier_confidence")
        words = report.get("danger_words")
        return cls(
            tuple(str(sign) for sign in signs) if isinstance(signs, list) else (),
            report.get("classifier_first") is True,
            float(confidence) if isinstance(confidence, (int, float)) else 0.0,
            tuple(str(word) for word in words) if isinstance(words, list) else (),
            report.get("classifier_supports") is True,
        )


CLASSIFIER_MIN_CONFIDENCE = 0.5  # chosen on tests/data/boundary_dev.tsv (docs/boundaries.md)
# A danger word counts when the classifier ranks `emergency` among this many likeliest intents with at
# least this confidence (chosen on the development sets, docs/boundaries.md).
SUPPORT_RANK = 2
SUPPORT_MIN_CONFIDENCE = 0.15


def emergency_verdict(
    text: str, ranking: Sequence[Tuple[str, float]], min_confidence: float = CLASSIFIER_MIN_CONFIDENCE
) -> EmergencyVerdict:
    """A message is an emergency when a reviewed signal is in it, when the classifier ranks ``emergency``
    first in ``ranking`` (the classifier's ``(intent, confidence)`` pairs, best first, without the
    fallback intent: an unsure classifier still counts) with at least ``min_confidence``, or when a
    reviewed danger word is in it and the classifier ranks ``emergency`` among the
    :data:`SUPPORT_RANK` likeliest with at least :data:`SUPPORT_MIN_CONFIDENCE`."""
    confidence = next((c for name, c in ranking if name == EMERGENCY), 0.0)
    first = bool(ranking) and ranking[0][0] == EMERGENCY and confidence >= min_confidence
    supports = EMERGENCY in [name for name, _ in ranking[:SUPPORT_RANK]] and confidence >= SUPPORT_MIN_CONFIDENCE
    known = boundaries()
    return EmergencyVerdict(known.emergency_signs(text), first, confidence, known.danger_words_in(text), supports)


UNSURE_EMERGENCY_RANK = 3  # an unsure reply warns when `emergency` is among this many likeliest intents


def emergency_among_likeliest(ranking: Sequence[str], count: int = UNSURE_EMERGENCY_RANK) -> bool:
    """Whether an unsure message may be an emergency: the classifier ranks it among the ``count`` likeliest."""
    return EMERGENCY in ranking[:count]


def likely_boundary(ranking: Sequence[str]) -> Optional[str]:
    """The boundary kind an unsure message most likely is: police procedure or another body's work when
    the classifier ranks it first (emergencies are the guard's: they never wait for "unsure")."""
    return ranking[0] if ranking and ranking[0] in (POLICE_PROCEDURE, OTHER_BODY) else None
