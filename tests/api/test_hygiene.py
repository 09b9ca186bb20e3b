"""Web page and API hygiene: security headers with a CSP the page satisfies, JSON bodies only on
JSON routes, and /docs that can be switched off."""

import pytest


def test_every_answer_carries_the_security_headers(gateway):
    for path in ("/", "/api/scenarios", "/static/chat.js", "/nowhere"):
        headers = gateway.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "SAMEORIGIN"


def test_a_widget_origin_may_frame_the_chat_page_and_nothing_else(stand_in_client_with):
    gateway = stand_in_client_with(frame_ancestors=["https://portal.station.example"])
    headers = gateway.get("/").headers
    assert "frame-ancestors 'self' https://portal.station.example" in headers["content-security-policy"]
    assert "x-frame-options" not in headers
    for path in ("/api/scenarios", "/static/chat.js", "/docs"):
        other = gateway.get(path).headers
        assert "portal.station.example" not in other["content-security-policy"], path
        assert other["x-frame-options"] == "SAMEORIGIN", path


def test_the_page_has_no_inline_script_or_style_the_csp_would_block(gateway):
    page = gateway.get("/").text
    assert (
        "<script>" not in page
        and "<style" not in page
        and " style=" not in page
        and " on" not in page.replace(" one", "")
    )


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_json_routes_refuse_other_content_types_with_415(gateway, content_type):
    headers = {"content-type": content_type} if content_type else {}
    for path in ("/api/chat", "/api/parse", "/api/feedback", "/api/chat/new"):
        response = gateway.post(path, content=b'{"message": "hi", "text": "hi", "helpful": true}', headers=headers)
        assert response.status_code == 415, path
        assert response.json()["error"] == "unsupported_media_type"


def test_a_method_no_route_takes_gets_405_naming_every_method_the_path_takes(gateway):
    for path, allowed in (("/api/scenarios", "GET"), ("/api/chat/new", "POST"), ("/bridges/wecom", "GET, POST")):
        response = gateway.put(path, content=b"{}", headers={"content-type": "text/plain"})
        assert response.status_code == 405, path
        assert response.headers["allow"] == allowed and response.json()["error"] == "method_not_allowed"


def test_json_with_a_charset_is_accepted(gateway):
    response = gateway.post(
        "/api/parse", content='{"text": "你好"}'.encode(), headers={"content-type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 200


DOCS = ("/docs", "/redoc", "/openapi.json")


def test_docs_are_on_in_development_and_can_be_switched_off(stand_in_client_with):
    assert [stand_in_client_with().get(path).status_code for path in DOCS] == [200, 200, 200]
    assert [stand_in_client_with(docs_enabled=False).get(path).status_code for path in DOCS] == [404, 404, 404]


def test_docs_are_off_outside_development_unless_the_operator_turns_them_on(stand_in_client_with):
    production = {"environment": "production", "session_secret": "s" * 40}
    assert [stand_in_client_with(**production).get(path).status_code for path in DOCS] == [404, 404, 404]
    assert stand_in_client_with(**production, docs_enabled=True).get("/openapi.json").status_code == 200


def test_the_docs_pages_take_scripts_from_their_one_cdn_only(stand_in_client):
    policy = stand_in_client.get("/docs").headers["content-security-policy"]
    assert "script-src https://cdn.jsdelivr.net 'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy
