"""Follow-ups: an elliptical message after an answer ("说具体点", "第二步呢", "举个例子", "那要是他还是不开呢")
refers to the scenario just discussed. This module reads what such a message asks (no Rasa here);
``actions/follow_up_actions.py`` answers it from the conversation's current scenario.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence, Tuple

from guide.text import LATIN_WORD, normalise

ASK_DETAIL = "ask_detail"  # the method again, one step at a time
ASK_STEP = "ask_step"  # one step, named ("第二步") or relative ("下一步")
ASK_EXAMPLE = "ask_example"  # a real case from the sources
ASK_MORE = "ask_more"  # other ways than the method shown
WHAT_IF = "what_if"  # a twist on the situation just discussed
INTENTS: Tuple[str, ...] = (ASK_DETAIL, ASK_STEP, ASK_EXAMPLE, ASK_MORE, WHAT_IF)
ASK_POLICY_BASIS = "ask_policy_basis"  # "有啥依据": also about the scenario just discussed (its own action)
# When NLU is unsure, a message whose follow-up intents together have at least this share of the
# confidence is a follow-up (the likeliest of them), not a new situation to guess at.
FOLLOW_UP_SHARE = 0.5
SHORT_MESSAGE_CHARACTERS = 10  # characters, an English word counting as two; punctuation and spaces left out
# After a boundary reply (an emergency above all), a message this short ("门踹不开 先干嘛") stays with it.
AFTER_BOUNDARY_CHARACTERS = 16
# When NLU is unsure in the middle of a conversation, the scenario being discussed or one related to it
# is taken when it is among this many likeliest intents (docs/conversation.md has the measurement).
CONTEXT_RANK = 3

_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"
_ORDINAL = re.compile(r"第\s*([一二两三四五六七八九十]|\d{1,2})")
_COUNTED = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:步|条|点|项|个|招)")
_ENGLISH = re.compile(r"\b(?:step|point|item|no\.?|number)\s*#?\s*(\d{1,2})\b")
_ENGLISH_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ENGLISH_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth)\s+(?:step|point|one|item)\b")
_LAST = re.compile(r"最后(?:一)?(?:步|条|点|项|个|招)?|\blast\s+(?:step|point|one)\b")
_NEXT = re.compile(r"下一(?:步|条|点|项|个)|下步|接下来|然后呢|\bnext\b")
_PREVIOUS = re.compile(r"(?:上|前)一(?:步|条|点|项|个)|上步|\b(?:previous|back)\b")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMERALS.get(token, 0)


def step_reference(text: str, current: Optional[int], count: int) -> Optional[int]:
    """The 1-based step of a method with ``count`` steps that ``text`` names ("第二步", "②", "step 3",
    "最后一条", "下一步" after step ``current``), or ``None`` when it names none. "下一步" with no step shown
    yet is the first; the number named is returned even when the method has fewer steps (the caller says so)."""
    circled = next((_CIRCLED.index(char) + 1 for char in text if char in _CIRCLED), None)  # before NFKC makes ② a 2
    text = normalise(text)
    found: Optional[int] = None
    if circled:
        found = circled
    elif match := _ORDINAL.search(text):
        found = _number(match.group(1))
    elif match := _COUNTED.search(text) or _ENGLISH.search(text):
        found = int(match.group(1))
    elif match := _ENGLISH_ORDINAL.search(text):
        found = _ENGLISH_ORDINALS[match.group(1)]
    elif _LAST.search(text):
        found = count
    elif _NEXT.search(text):
        found = (current or 0) + 1
    elif _PREVIOUS.search(text):
        found = (current or 2) - 1
    return found if found is None or found >= 1 else None


def unsure_follow_up(ranking: Sequence[Tuple[str, float]], share: float = FOLLOW_UP_SHARE) -> Optional[str]:
    """The follow-up an unsure message most likely is, when the follow-up intents (the policy basis
    included) together hold at least ``share`` of the ranking's confidence; else ``None``."""
    kinds = (*INTENTS, ASK_POLICY_BASIS)
    follow_ups = [(name, confidence) for name, confidence in ranking if name in kinds]
    if not follow_ups or sum(confidence for _, confidence in follow_ups) < share:
        return None
    return max(follow_ups, key=lambda entry: entry[1])[0]


def message_length(text: str) -> int:
    """How much a message says: its characters, an English word counting as two (about what a Chinese
    word takes), punctuation and spaces left out."""
    normalised = normalise(text)
    latin_words = LATIN_WORD.findall(normalised)
    return len(re.sub(r"[\W_]+", "", LATIN_WORD.sub("", normalised))) + 2 * len(latin_words)


def is_short(text: str, limit: int = SHORT_MESSAGE_CHARACTERS) -> bool:
    """Whether a message is too short to describe a situation of its own ("what else", "那咋整")."""
    return message_length(text) <= limit


def closest_of(
    candidates: Sequence[int],
    ranking: Sequence[Tuple[Optional[int], float]],
    current: int,
    switch_ratio: float = 2.0,
    switch_floor: float = 0.15,
) -> int:
    """The scenario a twist on ``current`` is about: ``current``, unless the classifier ranks one of its
    related ``candidates`` at least ``switch_ratio`` times higher and at least ``switch_floor``."""
    confidence = {number: value for number, value in ranking if number is not None}
    stay = confidence.get(current, 0.0)
    best = max(
        (number for number in candidates if number != current), key=lambda n: confidence.get(n, 0.0), default=None
    )
    if best is None:
        return current
    moved = confidence.get(best, 0.0)
    return best if moved >= switch_floor and moved >= switch_ratio * stay else current


def in_context(
    ranking: Sequence[Tuple[Optional[int], float]], current: int, related: Sequence[int], rank: int = CONTEXT_RANK
) -> Optional[int]:
    """The scenario an unsure message in a conversation about ``current`` is most likely about, when
    ``current`` or one of its ``related`` scenarios is among the first ``rank`` entries of the classifier's
    ``ranking`` (scenario number, or ``None`` for an intent that is no scenario): ``current`` unless a
    related one is clearly preferred (:func:`closest_of`); else ``None`` (as unclear in context as alone)."""
    likeliest = [number for number, _ in ranking[:rank] if number == current or number in related]
    if not likeliest:
        return None
    return closest_of(related, ranking, current) if current in likeliest else likeliest[0]


def stays_at_boundary(
    text: str, boundary: str, likeliest: Sequence[str], limit: int = AFTER_BOUNDARY_CHARACTERS
) -> bool:
    """Whether a typed message after a ``boundary`` reply is about the same thing: a short message
    ("门踹不开 先干嘛", "what do I do first?"), or one the classifier ranks that kind among its
    ``likeliest`` intents. A fully described new situation is longer and moves on."""
    return is_short(text, limit) or boundary in likeliest
