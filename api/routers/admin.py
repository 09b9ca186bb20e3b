"""The trainers' console: its pages (/admin, /admin/sign-in) and its API (/api/admin/…). Mounted only
with ADMIN_CONSOLE=true. Every API route needs a signed-in trainer (or the ADMIN_TOKEN bearer)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path as FilePath
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.admin.auth import require_admin, signed_in_account
from api.admin.responses import (
    AccountResponse,
    AuditEntryBody,
    AuditResponse,
    ChartsResponse,
    DecisionRecord,
    DecisionsResponse,
    FigureLabel,
    LiveModelBody,
    LiveModelResponse,
    ModelChangeBody,
    QueueResponse,
    RunStartedResponse,
    SignedOutResponse,
    TrainingResponse,
    TrainingRunBody,
    UndoneDecision,
)
from api.admin.schemas import DecisionRequest, SignInRequest
from api.admin.sessions import COOKIE_NAME
from api.admin.sign_in_throttle import DEVICE_COOKIE, DEVICE_COOKIE_DAYS
from api.bot import BotClient
from api.deps import get_bot, get_guide
from api.errors import error_responses
from api.schemas import EmptyRequest
from api.settings import Settings, get_settings
from guide.paths import ROOT
from guide.scenarios import FieldGuide, scenario_id_from_intent
from learning.console import AdminConsole, Refused
from learning.model_comparison import FIGURES, NEXT_STEP
from learning.model_lifecycle import RunSummary
from learning.question_log import UNANSWERED_KINDS
from learning.queue import Decision, QueueFilter, TeachingDecision

STATIC = FilePath(__file__).resolve().parent.parent / "static"
MAX_ROW_ID = 2**31 - 1  # an SQL integer
DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # and a real day (format: date), checked by parsed_date

pages = APIRouter(tags=["admin"], include_in_schema=False)
session_router = APIRouter(prefix="/api/admin", tags=["admin"])
router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])


def shown_path(path: FilePath) -> str:
    """A path as the trainer sees it: relative to the project when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def get_console(request: Request) -> AdminConsole:
    return request.app.state.admin_console


def decision_record(decision: TeachingDecision) -> DecisionRecord:
    """A decision as the API shows it, with the scenario its intent names."""
    return DecisionRecord(**asdict(decision), scenario=scenario_id_from_intent(decision.intent))


def run_summary(summary: RunSummary) -> TrainingRunBody:
    """A run as the API shows it: its fields and what a trainer needs to judge it, side by side."""
    return TrainingRunBody(
        **asdict(summary.run), **{key: value for key, value in asdict(summary).items() if key != "run"}
    )


async def refused(request: Request, exc: Refused) -> JSONResponse:
    """A console action that cannot be done: 4xx/502 with the reason (and the details, if any)."""
    return JSONResponse(
        status_code=exc.status, content={"error": "refused", "message": exc.reason, "reasons": exc.details}
    )


# Pages


@pages.get("/admin")
def console_page(request: Request) -> Response:
    """The console for a signed-in trainer; the sign-in page for anyone else."""
    if signed_in_account(request) is None:
        return RedirectResponse("/admin/sign-in", status_code=303)
    return FileResponse(
        STATIC / "admin.html", media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"}
    )


@pages.get("/admin/sign-in")
def sign_in_page() -> FileResponse:
    return FileResponse(STATIC / "admin-sign-in.html", media_type="text/html; charset=utf-8")


# Session


@session_router.post(
    "/session", response_model=AccountResponse, responses=error_responses(400, 401, 403, 413, 415, 422, 429)
)
async def sign_in(
    body: SignInRequest, request: Request, response: Response, settings: Settings = Depends(get_settings)
) -> AccountResponse:
    """Sign in with an account of ADMIN_ACCOUNTS: sets the session cookie (HttpOnly, SameSite=Strict), and
    on a browser's first sign-in the cookie that makes it a known browser. After ADMIN_SIGN_IN_FAILURES
    failures within the window, further attempts wait a growing delay: 429 with Retry-After."""
    signed_in = await run_in_threadpool(request.app.state.admin_sign_in, request, body.name, body.password, settings)
    response.set_cookie(
        COOKIE_NAME,
        signed_in.session,
        max_age=int(settings.admin_session_hours * 3600),
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.session_cookie_secure,
    )
    if signed_in.device_cookie:
        response.set_cookie(
            DEVICE_COOKIE,
            signed_in.device_cookie,
            max_age=DEVICE_COOKIE_DAYS * 86400,
            path="/api/admin/session",
            httponly=True,
            samesite="strict",
            secure=settings.session_cookie_secure,
        )
    return AccountResponse(name=body.name)


@session_router.delete("/session", response_model=SignedOutResponse, responses=error_responses(401, 403))
def sign_out(request: Request, response: Response, actor: str = Depends(require_admin)) -> SignedOutResponse:
    """End this session everywhere (the cookie is cleared too)."""
    request.app.state.admin_sessions.end(request.cookies.get(COOKIE_NAME))
    request.app.state.admin_console.audit.record(actor, "sign_out")
    response.delete_cookie(COOKIE_NAME, path="/")
    return SignedOutResponse(signed_out=True)


@router.get("/me", response_model=AccountResponse, responses=error_responses(401, 403))
def me(actor: str = Depends(require_admin)) -> AccountResponse:
    """Who is signed in."""
    return AccountResponse(name=actor)


# The queue and teaching


def parsed_date(text: Optional[str]) -> Optional[date]:
    """A ``YYYY-MM-DD`` query parameter as a date; 422 when it names no day (e.g. 2026-02-30)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as invalid:
        raise HTTPException(status_code=422, detail=f"{text}: not a date (YYYY-MM-DD)") from invalid


@router.get("/queue", response_model=QueueResponse, responses=error_responses(401, 403, 422))
def queue(
    days: int = Query(30, ge=1, le=366),
    start: Optional[str] = Query(None, alias="from", pattern=DATE, format="date"),
    end: Optional[str] = Query(None, alias="to", pattern=DATE, format="date"),
    channel: Optional[str] = Query(None, max_length=16),
    kind: Optional[str] = Query(None, pattern=f"^({'|'.join(kind.value for kind in UNANSWERED_KINDS)})$"),
    q: Optional[str] = Query(None, max_length=100),
    console: AdminConsole = Depends(get_console),
    guide: FieldGuide = Depends(get_guide),
) -> QueueResponse:
    """Unanswered questions not yet dealt with, grouped by closest scenario, most frequent first. The
    period is the last ``days`` station days (today included), or ``from``–``to`` (station dates, inclusive)."""
    first, last = parsed_date(start), parsed_date(end)
    calendar = console.teaching.calendar
    since = calendar.start_of(first) if first else calendar.last_days(days)[0]
    until = calendar.start_of(last + timedelta(days=1)) if last else None
    where = QueueFilter(
        since=since, until=until, channel=channel or None, kind=kind or None, search=(q or "").strip() or None
    )
    groups = [asdict(group) for group in console.teaching.queue(where)]
    for group in groups:
        group["title"] = guide.title(group["scenario"])
        for entry in group["entries"]:
            for candidate in entry["candidates"]:
                candidate["title"] = guide.title(candidate.get("scenario"))
    return QueueResponse.parse_obj(
        {
            "groups": groups,
            "questions": sum(len(group["entries"]) for group in groups),
            "kinds": [kind.value for kind in UNANSWERED_KINDS],
        }
    )


@router.post(
    "/decisions",
    status_code=201,
    response_model=DecisionRecord,
    responses=error_responses(400, 401, 403, 409, 413, 415, 422),
)
def decide(
    body: DecisionRequest, actor: str = Depends(require_admin), console: AdminConsole = Depends(get_console)
) -> DecisionRecord:
    """Assign a question to a scenario or to out of scope (one example in the reviewed NLU file), or
    discard it. 409 when it is already decided, already a training example, or in an evaluation set."""
    return decision_record(console.teaching.decide(actor, body.question, Decision(body.decision), body.scenario))


@router.get("/decisions", response_model=DecisionsResponse, responses=error_responses(401, 403))
def decisions(limit: int = Query(50, ge=1, le=500), console: AdminConsole = Depends(get_console)) -> DecisionsResponse:
    """Decisions in force, newest first (each can be undone), and the reviewed file's size."""
    return DecisionsResponse(
        decisions=[decision_record(decision) for decision in console.teaching.decisions.recent(limit)],
        reviewed_examples=console.teaching.reviewed.count(),
        reviewed_file=shown_path(console.teaching.reviewed.path),
    )


@router.post(
    "/decisions/{decision_id}/undo",
    response_model=UndoneDecision,
    responses=error_responses(400, 401, 403, 404, 409, 413, 415, 422),
)
def undo(
    _: EmptyRequest,
    decision_id: int = Path(..., ge=1, le=MAX_ROW_ID),
    actor: str = Depends(require_admin),
    console: AdminConsole = Depends(get_console),
) -> UndoneDecision:
    """Take a decision back: the example leaves the reviewed file, the question returns to the queue."""
    undone = console.teaching.undo(actor, decision_id)
    return UndoneDecision(**decision_record(undone.decision).dict(), example_removed=undone.example_removed)


# Training, comparison, promotion, rollback


@router.get("/training", response_model=TrainingResponse, responses=error_responses(401, 403))
def training(console: AdminConsole = Depends(get_console)) -> TrainingResponse:
    """The live model, the model a rollback would restore, and the latest runs with their figures, whether
    each may be promoted (``refusals`` says why not) and the running one's progress."""
    return TrainingResponse(
        live=LiveModelBody.parse_obj(asdict(console.models.live.current())),
        rollback_to=console.models.live.rollback_target(),
        runs=[run_summary(summary) for summary in console.models.recent_runs()],
        changes=[ModelChangeBody.parse_obj(asdict(change)) for change in console.models.live.changes()],
        reviewed_examples=console.models.reviewed.count(),
        tolerance=console.models.promotion_tolerance,
        next_step=NEXT_STEP,
        figures=[
            FigureLabel(key=key, label=label, higher_is_better=better) for key, (label, better) in FIGURES.items()
        ],
    )


@router.post(
    "/training",
    status_code=202,
    response_model=RunStartedResponse,
    responses=error_responses(400, 401, 403, 409, 413, 415, 422),
)
async def start_training(
    _: EmptyRequest, actor: str = Depends(require_admin), console: AdminConsole = Depends(get_console)
) -> RunStartedResponse:
    """Train a new model in the background, then score it and the live one (409 while a run is under way)."""
    return RunStartedResponse(run_id=await console.models.start_training(actor))


@router.post(
    "/training/{run_id}/promote",
    response_model=LiveModelResponse,
    responses=error_responses(400, 401, 403, 404, 409, 413, 415, 422, 502),
)
async def promote(
    _: EmptyRequest,
    run_id: int = Path(..., ge=1, le=MAX_ROW_ID),
    actor: str = Depends(require_admin),
    console: AdminConsole = Depends(get_console),
    bot: BotClient = Depends(get_bot),
) -> LiveModelResponse:
    """Make the run's model live on every Rasa instance. 409 with ``reasons`` when it is worse than the
    live model; 502 when an instance does not load it (all stay on the previous model)."""
    await console.models.promote(bot, actor, run_id)
    return LiveModelResponse(live=LiveModelBody.parse_obj(asdict(await run_in_threadpool(console.models.live.current))))


@router.post(
    "/model/rollback",
    response_model=LiveModelResponse,
    responses=error_responses(400, 401, 403, 409, 413, 415, 422, 502),
)
async def rollback(
    _: EmptyRequest,
    actor: str = Depends(require_admin),
    console: AdminConsole = Depends(get_console),
    bot: BotClient = Depends(get_bot),
) -> LiveModelResponse:
    """Serve the previous model again on every Rasa instance."""
    await console.models.rollback(bot, actor)
    return LiveModelResponse(live=LiveModelBody.parse_obj(asdict(await run_in_threadpool(console.models.live.current))))


# Charts and audit


@router.get("/charts", response_model=ChartsResponse, responses=error_responses(401, 403, 422))
def charts(
    days: int = Query(30, ge=1, le=366),
    console: AdminConsole = Depends(get_console),
    guide: FieldGuide = Depends(get_guide),
) -> ChartsResponse:
    """Per day: questions answered / sent to did-you-mean / declined, share answered, feedback; top scenarios."""
    figures = console.figures.charts(days)
    for item in figures["top_scenarios"]:
        item["title"] = guide.title(item["scenario"])
    return ChartsResponse(**figures)


@router.get("/audit", response_model=AuditResponse, responses=error_responses(401, 403, 422))
def audit(limit: int = Query(200, ge=1, le=1000), console: AdminConsole = Depends(get_console)) -> AuditResponse:
    """Who did what and when, newest first."""
    return AuditResponse(entries=[AuditEntryBody.parse_obj(asdict(entry)) for entry in console.audit.recent(limit)])
