"""The policy corpus: source documents cleaned and cut into cited passages of readable length.

A book's front matter (publisher, ISBN, price), when its source names a section for it, is cut into
passages of its own, numbered apart ("001-F001") so that the other passages keep their ids.

Run ``python -m guide.corpus`` to rebuild ``data/knowledge/passages.jsonl`` from ``data/sources``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, Sequence, Set, Tuple

import yaml

from guide.passages import Passage
from guide.paths import PASSAGES_FILE, SOURCES_DIR, SOURCES_INDEX
from guide.scenarios import QUESTION
from guide.terms import chinese_pipeline, find_terms
from guide.text import blocks, clean_line, heading_title, is_skipped, is_terminated
from guide.tokens import character_trigrams

MIN_PASSAGE_CHARS = 60
MAX_PASSAGE_CHARS = 220
NEAR_DUPLICATE_SHARE = 0.8  # of a passage's character trigrams found in one earlier passage


@dataclass(frozen=True)
class SourceDocument:
    """One entry of ``data/sources.yml``."""

    id: str
    file: str
    title: str
    holds_scenarios: bool = False
    markdown_headings: bool = False
    start_at: str | None = None
    front_matter: str | None = None  # the section the facts before ``start_at`` are cited under (publisher, ISBN)…
    front_matter_from: str = ""  # …from the first line holding this (the CIP block, not the title page)
    skip_sections: Tuple[str, ...] = ()
    skip_paragraphs_containing: Tuple[str, ...] = ()


def source_documents(index: Path = SOURCES_INDEX) -> List[SourceDocument]:
    """The documents listed in the sources index, in order."""
    entries = yaml.safe_load(index.read_text(encoding="utf-8"))["documents"]
    return [
        SourceDocument(
            **{
                **entry,
                "skip_sections": tuple(entry.get("skip_sections", ())),
                "skip_paragraphs_containing": tuple(entry.get("skip_paragraphs_containing", ())),
            }
        )
        for entry in entries
    ]


def sections(document: SourceDocument, raw_text: str) -> Iterator[Tuple[str, List[str]]]:
    """``(heading, paragraphs)`` for each section of policy text in a document.

    Front matter before ``start_at``, skipped sections, paragraphs that are not policy (the
    field guide's own introduction) and (in the field guide) the numbered questions with their
    methods are left out.
    """
    started = document.start_at is None
    heading, skipping, in_scenarios = "", False, False
    paragraphs: List[str] = []
    for block in blocks(raw_text, markdown_only=document.markdown_headings):
        if block.is_heading:
            if paragraphs and not skipping:
                yield heading, paragraphs
            started = started or block.text == document.start_at
            heading, paragraphs, in_scenarios = block.text, [], False
            skipping = not started or block.text in document.skip_sections
        elif document.holds_scenarios and (in_scenarios or QUESTION.match(block.text)):
            in_scenarios = True
        elif not skipping and not any(marker in block.text for marker in document.skip_paragraphs_containing):
            paragraphs.append(block.text)
    if paragraphs and not skipping:
        yield heading, paragraphs


def front_matter(document: SourceDocument, raw_text: str) -> List[str]:
    """The lines before ``start_at`` from the one holding ``front_matter_from`` (publisher, ISBN, price), one
    fact each, ending on a full stop so that packed together they read as sentences ("责任编辑:张克敏。出版发行:
    中共党史出版社。"); none when the document cites no front matter."""
    if document.start_at is None or document.front_matter is None:
        return []
    facts: List[str] = []
    for raw_line in raw_text.splitlines():
        line = clean_line(raw_line).strip("*")
        if heading_title(line, document.markdown_headings) == document.start_at:
            break
        started = bool(facts) or document.front_matter_from in line
        if started and line and not line.startswith("#") and not is_skipped(line):
            facts.append(line if is_terminated(line) else f"{line}。")
    return facts


OPENING_MARKS = "“‘《（(「"


def sentences(paragraph: str) -> List[str]:
    """The sentences of a paragraph, cut by spaCy's sentencizer on Chinese sentence punctuation.

    The sentencizer keeps any punctuation after a full stop with that sentence; an opening quote
    or bracket there belongs to the next sentence and is moved to it.
    """
    found: List[str] = []
    carried = ""
    for sentence in chinese_pipeline()(paragraph).sents:
        text = carried + sentence.text
        stripped = text.rstrip(OPENING_MARKS)
        carried = text[len(stripped) :]
        if stripped:
            found.append(stripped)
    if carried and found:  # a paragraph that ends on an opening mark keeps it where it was
        found[-1] += carried
    elif carried:
        found.append(carried)
    return found


def pack(paragraphs: Iterable[str]) -> Iterator[str]:
    """Group consecutive sentences into passages of about MIN..MAX characters.

    A passage never ends inside a sentence; it ends at a paragraph break once it is long enough.
    """
    current = ""
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            if current and len(current) + len(sentence) > MAX_PASSAGE_CHARS and len(current) >= MIN_PASSAGE_CHARS:
                yield current
                current = ""
            current += sentence
        if len(current) >= MIN_PASSAGE_CHARS:
            yield current
            current = ""
    if current:
        yield current


def without_near_duplicates(passages: Sequence[Passage]) -> List[Passage]:
    """The passages minus those whose text mostly repeats one earlier passage (the first is cited).

    The sources repeat whole speeches, sometimes with a word changed; a later passage is a
    near-duplicate when ``NEAR_DUPLICATE_SHARE`` of its character trigrams occur in one earlier
    passage.
    """
    kept: List[Passage] = []
    kept_trigrams: List[Set[str]] = []
    for passage in passages:
        trigrams = character_trigrams(passage.text)
        repeats = any(
            trigrams and len(trigrams & earlier) >= NEAR_DUPLICATE_SHARE * len(trigrams) for earlier in kept_trigrams
        )
        if not repeats:
            kept.append(passage)
            kept_trigrams.append(trigrams)
    return kept


def build_passages(sources_dir: Path = SOURCES_DIR, index: Path = SOURCES_INDEX) -> List[Passage]:
    """All passages of all listed documents, in document order, near-duplicates merged into the first."""
    passages: List[Passage] = []
    for document in source_documents(index):
        raw_text = (sources_dir / document.file).read_text(encoding="utf-8")
        number = 0
        for heading, paragraphs in sections(document, raw_text):
            for text in pack(paragraphs):
                number += 1
                passages.append(
                    Passage(
                        id=f"{document.id}-{number:04d}",
                        document=document.title,
                        section=heading,
                        text=text,
                        terms=tuple(find_terms(text)),
                    )
                )
        front = pack(front_matter(document, raw_text))
        passages += [  # ids of their own: the numbered passages keep theirs
            Passage(f"{document.id}-F{number:03d}", document.title, document.front_matter or "", text)
            for number, text in enumerate(front, start=1)
        ]
    return without_near_duplicates(passages)


def write_passages(passages: Iterable[Passage], path: Path = PASSAGES_FILE) -> None:
    """Write passages as JSON lines (UTF-8, one passage per line)."""
    lines = (json.dumps(asdict(passage), ensure_ascii=False) for passage in passages)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    built = build_passages()
    write_passages(built)
    print(f"wrote {len(built)} passages to {PASSAGES_FILE}")
