"""Domain terms found in text with a spaCy PhraseMatcher built from the jieba domain dictionary."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, List

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from guide.paths import JIEBA_DICTIONARY_DIR
from guide.tokens import segmenter

SENTENCE_END = ["。", "！", "？", "!", "?", "；", ";"]


@lru_cache(maxsize=1)
def chinese_pipeline() -> Language:
    """A blank spaCy Chinese pipeline (jieba segmentation, domain words loaded) with a sentencizer."""
    segmenter()  # spaCy's jieba segmenter uses jieba's default tokenizer: load our words into it first
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_END})
    return nlp


def domain_terms() -> List[str]:
    """The domain words of every dictionary file in ``data/jieba`` (first column)."""
    terms: List[str] = []
    for dictionary in sorted(JIEBA_DICTIONARY_DIR.glob("*.txt")):
        for line in dictionary.read_text(encoding="utf-8").splitlines():
            if line.strip():
                terms.append(line.split()[0])
    return terms


@lru_cache(maxsize=1)
def term_matcher() -> PhraseMatcher:
    """A PhraseMatcher over the domain terms, matching on exact text."""
    nlp = chinese_pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer (its type hints say a plain callable)
    matcher.add("DOMAIN_TERM", list(tokenizer.pipe(domain_terms())))
    return matcher


def find_terms(text: str) -> List[str]:
    """The distinct domain terms in ``text``, in order of first appearance."""
    doc = chinese_pipeline().make_doc(text)
    found: List[str] = []
    for _, start, end in term_matcher()(doc):
        term = doc[start:end].text
        if term not in found:
            found.append(term)
    return found
