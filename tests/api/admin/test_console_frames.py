"""The trainers' console is never shown in a frame (no clickjacking of its buttons), whatever origins
may frame the chat page."""

import pytest


@pytest.mark.parametrize("widget_origins", [[], ["https://portal.station.example"]])
def test_the_console_is_never_frameable(console_client_with, widget_origins):
    client = console_client_with(frame_ancestors=widget_origins)
    for path in ("/admin", "/admin/sign-in"):
        headers = client.get(path, follow_redirects=False).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY", path
