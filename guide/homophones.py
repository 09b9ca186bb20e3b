"""Input-method homophones in a look-up question, mended against the words of the texts.

Officers type with a pinyin keyboard; a slip picks a word that sounds the same ("反四峰" for 反四风,
"群重路线" for 群众路线, "风桥经验" for 枫桥经验). A stretch of the question that occurs nowhere in the
texts and is no everyday word, but sounds exactly like one word of the texts, is read as that word.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Set

from pypinyin import lazy_pinyin

from guide.tokens import segmenter

SHORTEST, LONGEST = 2, 6  # lengths of the stretches compared, in characters
EVERYDAY = 20  # jieba's dictionary count from which a stretch is a word in its own right ("四峰" is not)
_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]+")


def sound(text: str) -> str:
    """Toneless pinyin of ``text``, syllables separated by spaces."""
    return " ".join(lazy_pinyin(text))


def word_boundaries(run: str) -> Set[int]:
    """Positions in ``run`` where jieba starts or ends a word."""
    boundaries, position = {0}, 0
    for word in segmenter().lcut(run):
        position += len(word)
        boundaries.add(position)
    return boundaries


class HomophoneMender:
    """Mends a question's homophone slips against a fixed vocabulary and the texts it comes from."""

    def __init__(self, vocabulary: Iterable[str], texts: Iterable[str]) -> None:
        by_sound: Dict[str, Set[str]] = {}
        for word in vocabulary:
            if SHORTEST <= len(word) <= LONGEST and _CHINESE_RUN.fullmatch(word):
                by_sound.setdefault(sound(word), set()).add(word)
        self.by_sound = {key: next(iter(words)) for key, words in by_sound.items() if len(words) == 1}
        self.seen: Set[str] = {
            run[start : start + size]
            for text in texts
            for run in _CHINESE_RUN.findall(text)
            for size in range(SHORTEST, LONGEST + 1)
            for start in range(len(run) - size + 1)
        }
        self.everyday = segmenter().FREQ

    def mend(self, question: str) -> str:
        """``question`` with each unknown stretch that sounds like one word of the texts replaced by it
        (longest stretch first, left to right)."""
        return _CHINESE_RUN.sub(lambda run: self._mend_run(run.group()), question)

    def _mend_run(self, run: str) -> str:
        syllables = lazy_pinyin(run)
        boundaries = word_boundaries(run)
        mended: List[str] = []
        start = 0
        while start < len(run):
            for size in range(min(LONGEST, len(run) - start), SHORTEST - 1, -1):
                if size == SHORTEST and (start not in boundaries or start + size not in boundaries):
                    continue  # two characters are mended only when jieba reads them as one word
                stretch = run[start : start + size]
                word = self._sounds_like(stretch, " ".join(syllables[start : start + size]))
                if word:
                    mended.append(word)
                    start += size
                    break
            else:
                mended.append(run[start])
                start += 1
        return "".join(mended)

    def _sounds_like(self, stretch: str, stretch_sound: str) -> str | None:
        if stretch in self.seen or self.everyday.get(stretch, 0) >= EVERYDAY:
            return None
        return self.by_sound.get(stretch_sound)
