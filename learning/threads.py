"""Blocking work (the database, files, a training subprocess's bookkeeping) run off the event loop."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import anyio.to_thread

T = TypeVar("T")


async def in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in a worker thread (anyio's pool, as the web server's own)."""
    return await anyio.to_thread.run_sync(functools.partial(function, *args, **kwargs))
