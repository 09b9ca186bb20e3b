"""JSON errors for every failure: a clear code and message, never a traceback."""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Union

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from api import metrics
from api.bot import BotUnavailable
from api.rate_limit import RateLimited
from api.schemas import ErrorResponse

logger = logging.getLogger(__name__)

BOT_UNAVAILABLE_MESSAGE = "助手暂时无法回答，请稍后重试。(the assistant is temporarily unavailable)"


def error(status: int, code: str, message: str) -> JSONResponse:
    """The one shape of every error body: ``{"error": code, "message": text}``."""
    return JSONResponse(status_code=status, content={"error": code, "message": message})


def keeping_the_conversation(request: Request, response: JSONResponse) -> JSONResponse:
    """The error answer of a conversation's request still sets its cookie, so that a retry after a
    failed first turn continues the same conversation."""
    conversation = getattr(request.state, "web_conversation", None)
    if conversation is not None:
        request.app.state.web_sessions.renew(response, conversation)
    return response


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for item in exc.errors():
        location = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
        parts.append(f"{location}: {item.get('msg')}" if location else str(item.get("msg")))
    return "; ".join(parts) or "invalid request"


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    if any(item.get("type") in {"value_error.jsondecode", "json_invalid"} for item in exc.errors()):
        return error(400, "invalid_json", "请求体不是有效的 JSON (body is not valid JSON)")
    return error(422, "invalid_request", _validation_message(exc))


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 400 and detail == "There was an error parsing the body":
        detail = "请求体无法解析：需要 UTF-8 编码的 JSON (body must be UTF-8 encoded JSON)"
    codes = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "body_too_large",
        422: "invalid_request",
        429: "rate_limited",
    }
    response = error(exc.status_code, codes.get(exc.status_code, "error"), detail)
    for name, value in (getattr(exc, "headers", None) or {}).items():
        response.headers[name] = value
    if exc.status_code == 405:
        response.headers["Allow"] = ", ".join(allowed_methods(request))
    return keeping_the_conversation(request, response)


def allowed_methods(request: Request) -> List[str]:
    """Every method some route takes on this path (Starlette's own 405 names only the first route's)."""
    return sorted(
        {
            method
            for route in request.app.router.routes
            if isinstance(route, Route) and route.matches(request.scope)[0] != Match.NONE
            for method in route.methods or ()
        }
    )


async def bot_unavailable(request: Request, exc: BotUnavailable) -> JSONResponse:
    logger.warning("bot unavailable: %s", exc)
    metrics.ERRORS.labels("bot_unavailable").inc()
    return keeping_the_conversation(request, error(503, "bot_unavailable", BOT_UNAVAILABLE_MESSAGE))


async def rate_limited(request: Request, exc: RateLimited) -> JSONResponse:
    response = error(429, "rate_limited", "发送太频繁，请稍后再试。(too many messages, slow down)")
    response.headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    return keeping_the_conversation(request, response)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return error(500, "internal_error", "服务器内部错误，已记录。(internal error, logged)")


def exception_handler(
    handle: Callable[[Request, Any], Awaitable[Response]],
) -> Callable[[Request, Exception], Awaitable[Response]]:
    """``handle`` as Starlette types an exception handler: it is called only with the class it is
    registered for, so it may take that class."""
    return handle


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, exception_handler(validation_error))
    app.add_exception_handler(StarletteHTTPException, exception_handler(http_error))
    app.add_exception_handler(BotUnavailable, exception_handler(bot_unavailable))
    app.add_exception_handler(RateLimited, exception_handler(rate_limited))
    app.add_exception_handler(Exception, unexpected_error)


ERROR_MEANINGS = {
    400: "the body is not valid JSON or not UTF-8 (bridges: not the platform's format)",
    401: "not signed in at /admin (and, for the figures, no bearer token of STATS_TOKENS)",
    403: "a bearer token that is none of STATS_TOKENS, or one used beyond the figures; "
    "a bridge request failing its signature or secret check",
    404: "no such scenario; a bridge whose settings are not set",
    409: "admin console: the action conflicts with the current state (the message and reasons say why)",
    413: "a body over MAX_BODY_BYTES",
    415: "a POST body without Content-Type: application/json",
    422: "a missing, empty, over-long, wrongly typed or unstorable field",
    429: "over a rate limit; Retry-After says when to try again",
    502: "admin console: a Rasa instance did not load the model (all stay on the previous one)",
    503: "Rasa or the action server is down, the turn passed its deadline, or the gateway is busy "
    "(MAX_CONCURRENT_REQUESTS in progress; Retry-After: 1)",
}


# Answered by the connection guard and the limits before any route runs, so any operation may get them.
ANY_REQUEST_ERRORS = {
    408: "the request's headers or body did not arrive in time (GATEWAY_HEADER_SECONDS, BODY_READ_SECONDS)",
    414: "a URL over GATEWAY_MAX_URL_BYTES",
    429: "over a rate limit, or MAX_IN_FLIGHT_PER_ADDRESS requests of this address in progress",
    431: "headers over GATEWAY_MAX_HEADER_BYTES or GATEWAY_MAX_HEADERS fields",
}


def document_any_request_errors(app: Any) -> None:
    """Add the errors any request may get before its route (:data:`ANY_REQUEST_ERRORS`) to every
    operation of the app's OpenAPI document."""
    build = app.openapi

    def openapi() -> Dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, meaning in ANY_REQUEST_ERRORS.items():
                    operation.setdefault("responses", {}).setdefault(
                        str(code), {"description": meaning, "content": body}
                    )
        app.openapi_schema = schema
        return schema

    app.openapi = openapi


def error_responses(*codes: int) -> Dict[Union[int, str], Dict[str, Any]]:
    """The ``responses=`` of a route answering these error statuses, each with the error body."""
    return {code: {"model": ErrorResponse, "description": ERROR_MEANINGS[code]} for code in codes}
