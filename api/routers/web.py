"""GET / (the chat page), GET /widget.js (the same chat on any page with one script tag), the icon and
GET /sw.js (the service worker that keeps the page and the field guide for reading offline)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, Response

from api.deps import get_guide
from api.routers.scenarios import knowledge_bundle
from guide.scenarios import FieldGuide

STATIC = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(tags=["web"], include_in_schema=False)


@router.get("/")
def chat_page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.get("/widget.js")
def widget() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="application/javascript; charset=utf-8")


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """The icon for clients that ask for it by its old name (the pages link /static/icon.svg)."""
    return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml")


OFFLINE_FILES = ("sw.js", "index.html", "chat.css", "chat.js", "offline.js", "icon.svg", "manifest.webmanifest")


@router.get("/sw.js")
def service_worker(guide: FieldGuide = Depends(get_guide)) -> Response:
    """The web chat's service worker (static/sw.js) with the version of what it keeps: the knowledge and
    the page's own files. When either changes the browser installs it anew and drops the old copy."""
    version = f"{knowledge_bundle(guide).version}-{page_files_version()}"
    script = (STATIC / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
    return Response(script, media_type="application/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"})


@lru_cache(maxsize=1)
def page_files_version() -> str:
    """A hash of the page's own files (they change only with a new release: read once per process)."""
    return hashlib.sha256(b"".join((STATIC / name).read_bytes() for name in OFFLINE_FILES)).hexdigest()[:8]
