"""The page routes against the stand-in bot (fast tier): the chat page links its icon, and the icon is
served under its old name too, so no browser meets a 404."""


def test_every_page_links_the_icon_and_it_is_served(stand_in_client_with):
    client = stand_in_client_with()
    assert '<link rel="icon" href="/static/icon.svg"' in client.get("/").text
    icon = client.get("/static/icon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon.content == icon.content
