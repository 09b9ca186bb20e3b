"""Bot messages for channels without buttons or with size limits. Plain functions."""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

MAX_OPTIONS = 9
TRUNCATION_NOTICE = "\n……（内容较长，已截断；完整内容请在网页版查看）"


def utf8_prefix(text: str, max_bytes: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 encoding fits ``max_bytes`` (no half characters)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[: max(max_bytes, 0)].decode("utf-8", errors="ignore")


def numbered_options(messages: Sequence[Dict]) -> List[Dict[str, str]]:
    """The buttons of all messages, first occurrence of each payload, at most nine."""
    options: List[Dict[str, str]] = []
    for message in messages:
        for button in message.get("buttons") or []:
            if button["payload"] not in {option["payload"] for option in options}:
                options.append(button)
    return options[:MAX_OPTIONS]


def options_text(options: Sequence[Dict[str, str]]) -> str:
    """Buttons as a numbered list the officer answers with a digit."""
    if not options:
        return ""
    lines = "\n".join(f"{index}. {option['title']}" for index, option in enumerate(options, start=1))
    return f"\n\n回复数字选择：\n{lines}"


def as_single_text(messages: Sequence[Dict], max_bytes: int) -> Tuple[str, List[Dict[str, str]]]:
    """All messages as one text of at most ``max_bytes`` UTF-8 bytes, buttons as numbered options.

    The options always survive; when the text is too long it is cut at a character boundary
    and says so.
    """
    options = numbered_options(messages)
    tail = options_text(options)
    body = "\n\n".join(message["text"] for message in messages if message.get("text"))
    budget = max_bytes - len(tail.encode("utf-8"))
    if len(body.encode("utf-8")) > budget:
        body = utf8_prefix(body, budget - len(TRUNCATION_NOTICE.encode("utf-8"))) + TRUNCATION_NOTICE
    return body + tail, options


def split_text(text: str, max_chars: int) -> List[str]:
    """``text`` in pieces of at most ``max_chars`` characters, cut at line breaks where possible."""
    pieces: List[str] = []
    rest = text
    while len(rest) > max_chars:
        cut = rest.rfind("\n", 0, max_chars + 1)
        if cut <= 0:
            cut = max_chars
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    if rest or not pieces:
        pieces.append(rest)
    return pieces
