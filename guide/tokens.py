"""Chinese word segmentation shared by the policy ranker and spaCy: jieba with the domain dictionary."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import FrozenSet, List, Set

import jieba

from guide.paths import JIEBA_DICTIONARY_DIR, STOPWORDS_FILE

jieba.setLogLevel(logging.WARNING)
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def segmenter() -> jieba.Tokenizer:
    """jieba's default tokenizer with every domain dictionary in ``data/jieba`` loaded (once)."""
    for dictionary in sorted(JIEBA_DICTIONARY_DIR.glob("*.txt")):
        jieba.load_userdict(str(dictionary))
    return jieba.dt


@lru_cache(maxsize=1)
def stopwords() -> FrozenSet[str]:
    """The stop words of ``data/knowledge/stopwords.txt``."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def words(text: str) -> List[str]:
    """All jieba words of ``text``, punctuation and spaces included."""
    return segmenter().lcut(text)


def content_words(text: str) -> List[str]:
    """The lower-cased words of ``text`` that carry meaning: no punctuation, no stop words."""
    ignored = stopwords()
    tokens = (token.strip().lower() for token in words(text))
    return [token for token in tokens if token and _CONTENT.search(token) and token not in ignored]


def character_bigrams(text: str) -> List[str]:
    """Overlapping pairs of Chinese characters within each run of Chinese text, stop words skipped.

    They let a query match a passage whose segmentation differs ("鱼得水" against "得水").
    """
    ignored = stopwords()
    bigrams: List[str] = []
    for run in _CHINESE_RUN.findall(text):
        bigrams += [run[i : i + 2] for i in range(len(run) - 1) if run[i : i + 2] not in ignored]
    return bigrams


def ranking_terms(text: str) -> List[str]:
    """What the BM25 ranker indexes and queries: content words plus character bigrams."""
    return content_words(text) + character_bigrams(text)


def character_trigrams(text: str) -> Set[str]:
    """The set of overlapping three-character runs of the Chinese characters of ``text``
    (how much two passages repeat each other)."""
    han = "".join(_HAN.findall(text))
    return {han[i : i + 3] for i in range(len(han) - 2)}
