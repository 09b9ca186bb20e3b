"""Cleaning of the source documents: join hard line breaks, drop page furniture, spot headings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

TERMINAL_PUNCTUATION = "。！？!?；;…：:”’）)】》"
CHINESE_NUMERALS = "一二三四五六七八九十"
LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # an English word of normalised text ("don't")

_FURNITURE = [
    re.compile(r"本站[^。!！]*为大家[^。!！]*[。!！]?[^。!！]*希望对大家有所帮助[!！]"),  # website boilerplate
    re.compile(r"<sup>.*?</sup>"),  # footnote markers
    re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]"),
    re.compile(r"\*\*"),  # markdown bold
    re.compile(r"\s+"),  # layout whitespace inside a line (full-width indents included)
]
_SKIPPED_LINE = re.compile(r"^(-{3,}|-.*/\d+|\d+|.*\.\.\.)$")  # rules, contents rows, page numbers, previews
_TAG_LINE_BREAK = re.compile(r"\[_TAG_\w+\]")  # a web-scrape marker before an inline heading
_HEADING_PATTERNS = [
    re.compile(r"^#{1,6}\s*(?P<title>.+)$"),
    re.compile(rf"^(?P<title>[{CHINESE_NUMERALS}]{{1,3}}、.+)$"),
    re.compile(rf"^(?P<title>[(（][{CHINESE_NUMERALS}]{{1,3}}[)）].+)$"),
    re.compile(r"^(?P<title>\d{1,2}[.．]\D.+)$"),
    re.compile(r"^(?P<title>篇\d+[：:].+)$"),
    re.compile(r"^(?P<title>.+篇\d+)$"),
]
MAX_HEADING_LENGTH = 40
MAX_UNNUMBERED_HEADING_LENGTH = 30  # a short line standing alone with no sentence punctuation


@dataclass(frozen=True)
class Block:
    """A cleaned paragraph, or a heading when ``is_heading`` is set."""

    text: str
    is_heading: bool = False


def clean_line(line: str) -> str:
    """Remove page furniture and layout whitespace from one raw line."""
    for pattern in _FURNITURE:
        line = pattern.sub("", line)
    return line.strip()


def heading_title(line: str, markdown_only: bool = False) -> str | None:
    """The heading text if ``line`` is a section heading, else ``None``.

    A long numbered line whose first sentence is the heading ("一、要在感情上贴近群众。……")
    yields that first sentence. With ``markdown_only`` only ``#`` lines are headings.
    """
    for pattern in _HEADING_PATTERNS[:1] if markdown_only else _HEADING_PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        title = match.group("title").strip()
        if pattern is _HEADING_PATTERNS[0]:
            return title
        first_sentence = re.split(r"[。！？]", title, maxsplit=1)[0]
        if len(first_sentence) <= MAX_HEADING_LENGTH:
            return first_sentence  # a numbered heading, possibly running on into its paragraph
    if not markdown_only and len(line) <= MAX_UNNUMBERED_HEADING_LENGTH and not is_terminated(line):
        return line
    return None


def is_skipped(line: str) -> bool:
    """Whether a cleaned line is no text: a rule, a contents row, a page number, a preview."""
    return bool(_SKIPPED_LINE.match(line))


def is_terminated(text: str) -> bool:
    """Whether a paragraph ends where a sentence may end."""
    return bool(text) and text[-1] in TERMINAL_PUNCTUATION


def blocks(raw_text: str, markdown_only: bool = False) -> Iterator[Block]:
    """Yield the paragraphs and headings of a document, with hard line breaks joined.

    A line continues the previous paragraph when that paragraph did not end on sentence
    punctuation; blank lines between the two pieces (as in PDF extractions) do not matter.
    A markdown heading always starts a new block. ``markdown_only``: see :func:`heading_title`.
    """
    paragraph = ""
    for raw_line in _TAG_LINE_BREAK.sub("\n", raw_text).splitlines():
        line = clean_line(raw_line)
        if not line or _SKIPPED_LINE.match(line):
            continue
        if paragraph and not is_terminated(paragraph) and not line.startswith("#"):
            paragraph += line
            continue
        if paragraph:
            yield Block(paragraph)
            paragraph = ""
        title = heading_title(line, markdown_only)
        if title is not None:
            yield Block(title, is_heading=True)
            if line.startswith(title):  # a numbered heading that runs on into its paragraph
                paragraph = line[len(title) :].lstrip("。")
            continue
        paragraph = line
    if paragraph:
        yield Block(paragraph)


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), format characters (zero-width space, word joiner, soft hyphen,
    BOM: Unicode category Cf) removed, lower case, runs of white space collapsed."""
    visible = "".join(char for char in unicodedata.normalize("NFKC", text) if unicodedata.category(char) != "Cf")
    return " ".join(visible.lower().split())


_NOT_TEXT = re.compile(r"[\W_]+")


def bare(text: str) -> str:
    """Normalised text without punctuation or spaces: "从群众中来，到群众中去" -> "从群众中来到群众中去"."""
    return _NOT_TEXT.sub("", normalise(text))


def matchable(text: str) -> str:
    """The normalised text followed by its bare form, so that a word is found in it whether or not
    the text puts punctuation inside it."""
    plain = normalise(text)
    return f"{plain}\n{_NOT_TEXT.sub('', plain)}"
