"""The reviewed training file (``data/nlu/reviewed.yml``): examples a trainer assigned in the admin
console, in Rasa's NLU YAML format, one example per line, intents in a fixed order, so that the file
diffs cleanly in git and a developer can commit it as it is."""

from __future__ import annotations

import fcntl
import os
import re
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional

from guide.nlu_data import examples_of

HEADER = (
    "# Examples assigned by trainers in the admin console (/admin). Written by api/admin; one example\n"
    "# per line, never one that another NLU file already has. Review the diff, then commit.\n"
)


def visible(text: str) -> str:
    """``text`` without format characters (zero-width space, word joiner, BOM: Unicode category Cf),
    which hide one question inside another that looks the same."""
    if text.isprintable():  # no format character (nor any other unprintable one): the common case, at C speed
        return text
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def normalised(text: str) -> str:
    """A question as it is written and kept: format characters removed, one space between words, none at the ends."""
    return " ".join(visible(text).split())


def comparable(text: str) -> str:
    """The form in which two questions count as the same: NFKC, case folded, without spaces or
    punctuation or format characters ("居民不开门怎么办？" and "居民\u200b不开门怎么办" repeat "居民不开门怎么办")."""
    folded = visible(unicodedata.normalize("NFKC", text)).casefold()
    return "".join(char for char in folded if not char.isspace() and not unicodedata.category(char).startswith("P"))


# Characters a YAML file may not hold (YAML 1.1 "printable"), besides the whitespace normalised() removes.
UNWRITABLE = frozenset(
    [*map(chr, range(0x00, 0x20)), *map(chr, range(0x7F, 0x85)), *map(chr, range(0x86, 0xA0)), "\ufffe", "\uffff"]
)


LINE_WHITESPACE = frozenset("\t\n\r")


def printable(text: str) -> str:
    """``text`` with each control character (C0 but tab and line breaks, DEL, C1) as a space: nobody types
    one, and a training file cannot hold one; what the officer wrote is kept."""
    return "".join(" " if unicodedata.category(char) == "Cc" and char not in LINE_WHITESPACE else char for char in text)


def writable(text: str) -> bool:
    """Whether ``text`` can be an example of a YAML training file: no control character, no lone surrogate."""
    return not any(char in UNWRITABLE or "\ud800" <= char <= "\udfff" for char in text)


class UnwritableExample(ValueError):
    """The text holds a character a YAML training file cannot (a control character or a lone surrogate)."""


class DuplicateExample(ValueError):
    """The example is already in the training data (under ``intent``)."""

    def __init__(self, text: str, intent: str) -> None:
        super().__init__(f"{text!r} is already a training example of {intent}")
        self.intent = intent


# Rasa's entity annotations inside an example: [text](entity), [text]{"entity": …}, [text][synonym]
ENTITY_ANNOTATION = re.compile(r"\[[^\]]*\]\s*[\(\{\[]")


def unteachable(text: str) -> Optional[str]:
    """Why a logged question (normalised) cannot become a training example as it is, or ``None``: a button
    press, Rasa's entity markup (it would be read as an annotation), a character no training file can hold."""
    if not text or text.startswith("/"):
        return "只能教学员输入的问题，不能教按钮指令"
    if ENTITY_ANNOTATION.search(text):
        return "问题含有 Rasa 的实体标注写法 [..](..)、[..]{..} 或 [..][..]，不能直接作为例句"
    if not writable(text):
        return "问题含有控制字符或无效字符，不能写入训练文件"
    return None


def render(
    examples: Dict[str, List[str]],
    header: str = HEADER,
    comments: Optional[Dict[str, str]] = None,
    ordered: bool = True,
) -> str:
    """A training file's text: intents sorted by name (or in the given order), each with an optional
    comment and its examples in the order they were added."""
    lines = [header.rstrip("\n"), 'version: "3.1"']
    items = [(intent, texts) for intent, texts in (sorted(examples.items()) if ordered else examples.items()) if texts]
    if not items:
        return "\n".join([*lines, "nlu: []"]) + "\n"
    lines.append("nlu:")
    for intent, texts in items:
        comment = (comments or {}).get(intent)
        lines += [
            f"- intent: {intent}" + (f"  # {comment}" if comment else ""),
            "  examples: |",
            *(f"    - {text}" for text in texts),
        ]
    return "\n".join(lines) + "\n"


class ReviewedExamples:
    """Adds and removes examples of the reviewed file; ``other_files`` are the rest of the training
    data, which an added example must not repeat. One writer at a time (a lock file beside it)."""

    def __init__(self, path: Path, other_files: Iterable[Path] = ()) -> None:
        self.path = path
        self.other_files = [file for file in other_files if file.resolve() != path.resolve()]

    def count(self) -> int:
        """How many reviewed examples the file holds."""
        return sum(len(texts) for texts in self.read().values())

    def read(self) -> Dict[str, List[str]]:
        """Examples by intent."""
        examples: Dict[str, List[str]] = {}
        if self.path.exists():
            for text, intent in examples_of(self.path):
                examples.setdefault(intent, []).append(text)
        return examples

    def known_intent(self, text: str) -> Optional[str]:
        """The intent ``text`` is already an example of, in any training file, or ``None``."""
        wanted = comparable(text)
        for path in [self.path, *self.other_files]:
            if path.exists():
                for example, intent in examples_of(path):
                    if comparable(example) == wanted:
                        return intent
        return None

    def add(self, text: str, intent: str) -> str:
        """Add ``text`` (normalised) under ``intent``; the text written. Raises DuplicateExample."""
        text = normalised(text)
        if not writable(text):
            raise UnwritableExample(f"{text!r} holds a control character or a lone surrogate")
        with self._locked():
            existing = self.known_intent(text)
            if existing is not None:
                raise DuplicateExample(text, existing)
            examples = self.read()
            examples.setdefault(intent, []).append(text)
            self._write(examples)
        return text

    def remove(self, text: str, intent: str) -> bool:
        """Remove ``text`` from ``intent``; whether it was there."""
        text = normalised(text)
        with self._locked():
            examples = self.read()
            if text not in examples.get(intent, []):
                return False
            examples[intent].remove(text)
            self._write(examples)
        return True

    def _write(self, examples: Dict[str, List[str]]) -> None:
        """Replace the file atomically (a reader never sees half a file)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(render(examples), encoding="utf-8")
        read_back: Dict[str, List[str]] = {}
        for text, intent in examples_of(partial):  # never replace the file with one that reads differently
            read_back.setdefault(intent, []).append(text)
        if read_back != {intent: texts for intent, texts in examples.items() if texts}:
            partial.unlink()
            raise UnwritableExample("the examples do not read back as written")
        os.replace(partial, self.path)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
