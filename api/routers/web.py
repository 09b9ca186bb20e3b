"""GET / (the chat page), GET /widget.js (the same chat on any page with one script tag) and the icon."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

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
