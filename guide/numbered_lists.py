"""Numbered terms ("四风", "六必查", "两个务必") and whether a text spells their list out."""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Sequence, Set, Tuple

NUMBERED = re.compile(
    r"(?<![一二三四五六七八九十两百千\d])[二三四五六七八九十两](?![一二三四五六七八九十两百千])[\u4e00-\u9fff]{1,5}"
)
QUANTITY = re.compile(r"^.[个条项次种位年天点些样件句]$")  # "三个", "两年": a quantity, not a named list
NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SEGMENT = re.compile(r"[^，,。：:“”\"「」！？!?]+")
_QUOTED_ITEMS = re.compile(
    r"(?:[“「][^”」，。]{1,20}[”」](?:[、；;]|[和及与](?=[“「]))?){2,}"
)  # "“人员库”、“信息库”、“资料库”"
_ITEMS = re.compile(r"[、；;]")
_LAST_ITEM_JOINED = re.compile(r"^(.{2,12}?)[和及与](.{2,12})$")
LIST_REACH = 32  # characters between a numbered term and the list it names (after it, or before it)
LONGEST_ITEM = 20  # characters of an item of a list (longer: clauses, not items)
MAX_CLAUSES_BETWEEN = 2  # clause marks allowed between a numbered term and its list
_CLAUSE_END = re.compile(r"[，,。：:；;]")
HEAD_REACH = 150  # characters either side of a term searched for clauses opening with its words


ASKS_FOR_ITEMS = re.compile(r"哪|什么|啥|内容|包括|具体|分别|指")


def numbered_postings(texts: Sequence[str], longest: int = 6) -> Dict[str, Set[int]]:
    """Every stretch from a numeral ("三个库", "三个", "四风") of up to ``longest`` characters, with the
    positions of the texts holding it: the entries a numbered term of a question can be found in."""
    postings: Dict[str, Set[int]] = {}
    for position, text in enumerate(texts):
        for match in NUMBERED.finditer(text):
            for size in range(2, min(longest, len(match.group())) + 1):
                postings.setdefault(match.group()[:size], set()).add(position)
    return postings


def numbered_terms(text: str, known: Callable[[str], bool]) -> List[Tuple[str, int]]:
    """Numbered terms of ``text`` ("四风", "六必查", "五条禁令") with the number they name: from each
    numeral, the longest stretch the texts know ("五条禁令具体" -> "五条禁令")."""
    found: List[Tuple[str, int]] = []
    for match in NUMBERED.finditer(text):
        term = next(
            (match.group()[:size] for size in range(len(match.group()), 1, -1) if known(match.group()[:size])), None
        )
        if term and not QUANTITY.match(term) and (term, NUMERALS[term[0]]) not in found:
            found.append((term, NUMERALS[term[0]]))
    return found


def item_runs(text: str) -> List[Tuple[int, int, int]]:
    """Runs of short items listed with 、 or ； (the last may be joined by 和/及/与; quoted items, "“人员库”、
    “信息库”", are items too), as ``(start, end, number of items)`` in ``text``."""
    runs = [
        (quoted.start(), quoted.end(), quoted.group().count("“") + quoted.group().count("「"))
        for quoted in _QUOTED_ITEMS.finditer(text)
    ]
    for segment in _SEGMENT.finditer(text):
        if _ITEMS.match(segment.group()) or _ITEMS.match(segment.group()[-1:]):
            continue  # it goes on from a quoted item before it, or into one after it: the term is an item of it
        items = [item for item in _ITEMS.split(segment.group()) if item.strip()]
        if len(items) < 2 or any(len(item) > LONGEST_ITEM for item in items[:-1]):
            continue
        joined = _LAST_ITEM_JOINED.match(items[-1])
        runs.append((segment.start(), segment.end(), len(items) + (1 if joined else 0)))
    return runs


def _few_clauses(between: str) -> bool:
    """Whether the words between a term and a list are a short lead-in ("活动。全市……，"), not clauses
    about other things ("，严肃纪律，转变作风，树立良好形象，")."""
    return len(_CLAUSE_END.findall(between)) <= MAX_CLAUSES_BETWEEN


def spells_out(text: str, term: str, size: int) -> bool:
    """Whether ``text`` lists the ``size`` items of a numbered ``term`` right after it or right before it
    ("……享乐主义和奢靡之风这“四风”"); a list the term is itself an item of does not count."""
    if size < 2:
        return False
    runs = item_runs(text)
    for match in re.finditer(re.escape(term), text):
        for start, end, items in runs:
            after = 0 <= start - match.end() <= LIST_REACH and _few_clauses(text[match.end() : start])
            before = 0 <= match.start() - end <= LIST_REACH and _few_clauses(text[end : match.start()])
            if (after or before) and items >= max(2, size - 1):
                return True
    return repeats_head(text, term, size) or counts_off(text, term, size)


# "一是……二是……三是……", "第一，……第二，……", "（一）……（二）……": clauses counted off after a term.
_ORDINAL = re.compile(r"(?:第|其|[（(])?([一二三四五六七八九十])(?:是|要|为|则|[）)]|[，,、：:])")
ORDINAL_REACH = 40  # characters between a numbered term and its first counted clause
ORDINAL_SPAN = 800  # characters the counted clauses of one list may take


def counts_off(text: str, term: str, size: int) -> bool:
    """Whether clauses counted off in order ("一是……二是……三是……") follow ``term`` closely, as many as
    its ``size`` (one fewer may be missing, as for a list of items): "做到“三律”:一是严于律己……二是勇于律他……"."""
    needed = max(2, size - 1)
    for match in re.finditer(re.escape(term), text):
        expected, position = 1, match.end()
        for ordinal in _ORDINAL.finditer(text, match.end(), min(len(text), match.end() + ORDINAL_SPAN)):
            reach = ORDINAL_REACH if expected == 1 else ORDINAL_SPAN
            if NUMERALS[ordinal.group(1)] == expected and ordinal.start() - position <= reach:
                expected, position = expected + 1, ordinal.end()
                if expected > needed:
                    return True
    return False


def repeats_head(text: str, term: str, size: int) -> bool:
    """Whether the words after the numeral of ``term`` open ``size`` clauses near it: "两个务必" over
    "务必使……，务必使……"."""
    head = term[2:] if term[1] in "个条项大点种" else term[1:]
    if len(head) < 2 or term not in text:
        return False
    around = text[max(0, text.index(term) - HEAD_REACH) : text.index(term) + HEAD_REACH].replace(term, "")
    return around.count(head) >= size
