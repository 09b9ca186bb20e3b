"""Numbered terms ("四风", "六必查", "两个务必") and whether a text spells their list out."""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Sequence, Set, Tuple

NUMBERED = re.compile(
    r"(?<![一二三四五六七八九十两百千\d])[二三四五六七八九十两](?![一二三四五六七八九十两百千])[\u4e00-\u9fff]{1,5}"
)
QUANTITY = re.compile(r"^.[个条项次种位年天点些样件句]$")  # "三个", "两年": a quantity, not a named list
NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
INNER_NUMERALS = "二三四五六七八九十两"  # a second numeral inside a term adds its items: 三严三实 names six
MEASURES = "个大条项种点"  # between a term's numeral and its head: 四个一, 四大考验, 八项规定
_QUOTED_HEAD = re.compile(r"([二三四五六七八九十两][个大条项种点]?)[“「\"]([\u4e00-\u9fff]{1,3})[”」\"]")  # 五个“不”
_ASKED_AFTER = re.compile(r"$|[^\u4e00-\u9fff]|[是指都具包有分哪]")  # what may follow a term named only by its items
_PLAIN_COUNTER = "(?:个方面|方面|项|条|点)"  # 八个方面: a plain count standing for a term (八项规定)
_SEGMENT = re.compile(r"[^，,。：:“”\"「」！？!?]+")
_QUOTED_ITEMS = re.compile(
    r"(?:[“「][^”」，。]{1,20}[”」](?:[、；;]|[和及与](?=[“「]))?){2,}"
)  # "“人员库”、“信息库”、“资料库”"
_ITEMS = re.compile(r"[、；;]")
_LAST_ITEM_JOINED = re.compile(r"^(.{2,12}?)[和及与](.{2,12})$")
LIST_REACH = 32  # characters between a numbered term and the list it names (after it, or before it)
LONGEST_ITEM = 20  # characters of an item of a list (longer: clauses, not items)
SHORT_ITEM = 6  # items split by ； this short are items ("精简会议活动；精简会议简报"); longer ones are clauses
_CLAUSE_MARKS = "。！？!?；;：:\n"
_ENDS_WITH_SEMICOLON = re.compile(f"[^{_CLAUSE_MARKS}]*[；;]")  # the rest of a clause that ； ends
_OPENS_AFTER_SEMICOLON = re.compile(f"[；;][^{_CLAUSE_MARKS}]*$")  # the start of a clause that ； opens
MAX_CLAUSES_BETWEEN = 2  # clause marks allowed between a numbered term and its list
_CLAUSE_END = re.compile(r"[，,。：:；;]")
HEAD_REACH = 150  # characters either side of a term searched for clauses opening with its words


ASKS_FOR_ITEMS = re.compile(r"哪|什么|啥|内容|包括|具体|分别|指|(?i:\bwhat are\b)")


def numbered_postings(texts: Sequence[str], longest: int = 6) -> Dict[str, Set[int]]:
    """Every stretch from a numeral ("三个库", "三个", "四风") of up to ``longest`` characters, with the
    positions of the texts holding it: the entries a numbered term of a question can be found in."""
    postings: Dict[str, Set[int]] = {}
    for position, text in enumerate(texts):
        for match in NUMBERED.finditer(text):
            for size in range(2, min(longest, len(match.group())) + 1):
                postings.setdefault(match.group()[:size], set()).add(position)
    return postings


def numbered_terms(
    text: str, known: Callable[[str], bool], listed: Callable[[str], bool] = lambda head: False
) -> List[Tuple[str, int]]:
    """Numbered terms of ``text`` ("四风", "六必查", "五条禁令") with the number they name: from each
    numeral, the longest stretch the texts know ("五条禁令具体" -> "五条禁令"), or else a stretch ending where
    the question goes on to ask (是, 指, 哪…) whose head the items of some list share (``listed``: "四观",
    "五个“不”"). A quoted head is read with its numeral: 五个“不” is 五个不."""
    found: List[Tuple[str, int]] = []
    text = _QUOTED_HEAD.sub(r"\1\2", text)
    for match in NUMBERED.finditer(text):
        stretches = [match.group()[:size] for size in range(len(match.group()), 1, -1)]
        stretches = [stretch for stretch in stretches if not QUANTITY.match(stretch)]
        term = next((stretch for stretch in stretches if known(stretch)), None) or next(
            (
                stretch
                for stretch in reversed(stretches)
                if (text[match.start() - 1 : match.start()] != "哪" or not found)  # 哪四个群: a term named before
                and listed(head(stretch))
                and _ASKED_AFTER.match(text, match.start() + len(stretch))
            ),
            None,
        )
        if term and not any(term in other for other, _ in found):
            found = [(other, size) for other, size in found if other not in term]  # 三严 is part of 三严三实
            found.append((term, term_size(term)))
    return found


def item_lists(text: str, long_first: bool = False) -> List[Tuple[int, int, Tuple[str, ...]]]:
    """Runs of short items listed with 、 or ； (the last may be joined by 和/及/与; quoted items, "“人员库”、
    “信息库”", are items too), as ``(start, end, items)`` in ``text``. With ``long_first`` the first of three
    or more items may be long: it carries the words that lead into the list ("组织党员干部定期看望……的老干部、
    老党员、……")."""
    runs = [
        (quoted.start(), quoted.end(), tuple(re.findall(r"[“「]([^”」]+)[”」]", quoted.group())))
        for quoted in _QUOTED_ITEMS.finditer(text)
    ]
    for segment in _SEGMENT.finditer(text):
        if _ITEMS.match(segment.group()) or _ITEMS.match(segment.group()[-1:]):
            continue  # it goes on from a quoted item before it, or into one after it: the term is an item of it
        items = [item for item in _ITEMS.split(segment.group()) if item.strip()]
        checked = items[1:-1] if long_first and len(items) >= 3 else items[:-1]
        if len(items) < 2 or any(len(item) > LONGEST_ITEM for item in checked):
            continue
        joined = _LAST_ITEM_JOINED.match(items[-1])
        if joined:
            items[-1:] = [joined.group(1), joined.group(2)]
        runs.append((segment.start(), segment.end(), tuple(items)))
    return runs


def item_runs(text: str) -> List[Tuple[int, int, int]]:
    """The runs of :func:`item_lists` as ``(start, end, number of items)``."""
    return [(start, end, len(items)) for start, end, items in item_lists(text)]


def head(term: str) -> str:
    """What a numbered term counts, its numeral and measure word left out: 四观 -> 观, 四大考验 -> 考验."""
    return term[2:] if len(term) > 2 and term[1] in MEASURES else term[1:]


def item_heads(texts: Sequence[str], fewest: int = 3) -> Dict[str, Set[int]]:
    """For every list of at least ``fewest`` items, what all its items open or close with ("观" for 感情观、公仆观、
    政绩观), with the positions of the texts holding such a list: the texts a term named by its items is in."""
    heads: Dict[str, Set[int]] = {}
    for position, text in enumerate(texts):
        for _, _, items in item_lists(text, long_first=True):
            if len(items) >= fewest:
                for mark in framing_marks(items):
                    heads.setdefault(mark, set()).add(position)
    return heads


def term_size(term: str) -> int:
    """How many items a numbered term names: its numeral, plus any numeral inside it (三严三实: 3 + 3)."""
    return NUMERALS[term[0]] + sum(NUMERALS[character] for character in term[1:-1] if character in INNER_NUMERALS)


def _few_clauses(between: str) -> bool:
    """Whether the words between a term and a list are a short lead-in ("活动。全市……，"), not clauses
    about other things ("，严肃纪律，转变作风，树立良好形象，")."""
    return len(_CLAUSE_END.findall(between)) <= MAX_CLAUSES_BETWEEN


def spells_out(text: str, term: str, size: int) -> bool:
    """Whether ``text`` lists the ``size`` items of a numbered ``term`` right after it or right before it
    ("……享乐主义和奢靡之风这“四风”"), or lists items that each hold its head (:func:`named_by_items`), or
    lists them after the plain count that stands for it (:func:`counted_instead`); a list the term is
    itself an item of does not count."""
    if size < 2:
        return False
    runs = item_runs(text)
    for match in re.finditer(re.escape(term), text):
        if among_clauses(text, match.start(), match.end()):
            nearby = [run for run in runs if not clause_run(text, run)]  # 两基 in "……的教育；就业是……"
        else:
            nearby = runs
        if _near_list(text, match.start(), match.end(), nearby, size):
            return True
    return (
        repeats_head(text, term, size)
        or counts_off(text, term, size)
        or named_by_items(text, term, size)
        or counted_instead(text, term, size)
    )


def among_clauses(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits in a clause that ； ends or opens: one of a chain of clauses
    ("教育是民生之基，……巩固“两基”成果，……的教育；就业是民生之本，……"), which it cannot be the name of."""
    return bool(_ENDS_WITH_SEMICOLON.match(text, end) or _OPENS_AFTER_SEMICOLON.search(text, 0, start))


def clause_run(text: str, run: Tuple[int, int, int]) -> bool:
    """Whether a run of items is clauses split by ； (not 、), one of them longer than :data:`SHORT_ITEM`:
    a chain of clauses the term's own clause may belong to, not a list of short items."""
    stretch = text[run[0] : run[1]]
    return "、" not in stretch and any(len(item) > SHORT_ITEM for item in re.split(r"[；;]", stretch))


def _near_list(text: str, start: int, end: int, runs: Sequence[Tuple[int, int, int]], size: int) -> bool:
    """Whether a run of enough items starts right after ``text[start:end]`` or ends right before it."""
    for run_start, run_end, items in runs:
        after = 0 <= run_start - end <= LIST_REACH and _few_clauses(text[end:run_start])
        after = after and not _names_another(text[end:run_start])
        before = 0 <= start - run_end <= LIST_REACH and _few_clauses(text[run_end:start])
        before = before and not _names_another(text[run_end:start]) and not _GOES_ON.search(text[run_end:start])
        if (after or before) and items >= max(2, size - 1):
            return True
    return False


_GOES_ON = re.compile(
    r"[，,][^这此等即]*[\u4e00-\u9fff]{2}"
)  # a new clause that names the term itself ("……依法治警，反对“四风”")


def _names_another(between: str) -> bool:
    """Whether another numbered term stands between a term and a list: the list is that one's ("反对“四风”，
    肃纪正风，做到“三严三实”，规范形象、规范行为、规范执法" does not spell out 四风)."""
    return any(not QUANTITY.match(match.group()[:2]) for match in NUMBERED.finditer(between))


def named_by_items(text: str, term: str, size: int) -> bool:
    """Whether ``text`` lists about ``size`` items (at least three) that all open or all close with the term's
    head, wherever the term is: 感情观、公仆观、政绩观、名利观 for 四观, 老干部、老党员、…… for 六老."""
    mark = head(term)
    if not 1 <= len(mark) <= 2:
        return False
    return any(
        max(3, size - 1) <= len(items) <= size + 1 and mark in framing_marks(items)
        for _, _, items in item_lists(text, long_first=True)
    )


def framing_marks(items: Sequence[str]) -> Set[str]:
    """The one or two characters every item opens with, or every item closes with (the first item may carry
    words leading into the list: it holds an opening mark near its end)."""
    rest, first = items[1:], items[0]
    longest = max(len(item) for item in rest)
    found = set()
    for size in (1, 2):
        opening, closing = {item[:size] for item in rest}, {item[-size:] for item in rest}
        if len(opening) == 1 and next(iter(opening)) in first[-longest:]:
            found |= opening
        if len(closing) == 1 and first.endswith(next(iter(closing))):
            found |= closing
    return found


def counted_instead(text: str, term: str, size: int) -> bool:
    """Whether the term's numeral with a plain count ("八个方面") stands in a sentence holding the term's head
    ("……做了详细的规定") and a list follows it: 八项规定 spelled out as "从八个方面……的规定，具体包括……"."""
    mark = head(term)
    if len(mark) < 2 or mark not in text:
        return False
    runs = item_runs(text)
    for match in re.finditer(f"(?<![一二三四五六七八九十两百千\\d]){term[0]}{_PLAIN_COUNTER}", text):
        sentence_end = text.find("。", match.end())
        sentence = text[text.rfind("。", 0, match.start()) + 1 : len(text) if sentence_end < 0 else sentence_end]
        if mark in sentence and _near_list(text, match.start(), match.end(), runs, size):
            return True
    return False


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
    words = head(term)
    if len(words) < 2 or term not in text:
        return False
    around = text[max(0, text.index(term) - HEAD_REACH) : text.index(term) + HEAD_REACH].replace(term, "")
    return around.count(words) >= size
