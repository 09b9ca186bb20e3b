"""The page routes against the stand-in bot (fast tier): the chat page links its icon, and the icon is
served under its old name too, so no browser meets a 404."""


def test_every_page_links_the_icon_and_it_is_served(stand_in_client_with):
    client = stand_in_client_with()
    assert '<link rel="icon" href="/static/icon.svg"' in client.get("/").text
    icon = client.get("/static/icon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon.content == icon.content


def test_the_offline_bundle_holds_every_scenario_with_its_steps_and_policy_basis(stand_in_client_with):
    bundle = stand_in_client_with().get("/api/scenarios/offline").json()
    assert len(bundle["scenarios"]) == len({s["id"] for s in bundle["scenarios"]}) > 0
    door = next(s for s in bundle["scenarios"] if s["id"] == 4)
    assert "警民联系卡" in door["steps"][0] and door["policy"] and door["policy"][0]["citation"]
    assert len(bundle["version"]) == 16


def test_the_service_worker_carries_the_version_of_the_knowledge_and_of_the_page(stand_in_client_with):
    client = stand_in_client_with()
    version = client.get("/api/scenarios/offline").json()["version"]
    worker = client.get("/sw.js")
    assert worker.headers["content-type"].startswith("application/javascript")
    assert f'var VERSION = "{version}-' in worker.text and "__VERSION__" not in worker.text
    assert worker.headers["cache-control"] == "no-cache"


def test_the_page_links_its_manifest_and_the_policy_lets_the_worker_and_manifest_load(stand_in_client_with):
    client = stand_in_client_with()
    page = client.get("/")
    assert '<link rel="manifest" href="/static/manifest.webmanifest">' in page.text
    assert "manifest-src 'self'" in page.headers["content-security-policy"]
    assert "worker-src 'self'" in page.headers["content-security-policy"]
    manifest = client.get("/static/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone" and manifest["icons"]


def test_the_manifest_s_png_icons_are_served_at_the_sizes_it_declares(stand_in_client_with):
    import io

    from PIL import Image

    client = stand_in_client_with()
    for icon in client.get("/static/manifest.webmanifest").json()["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(response.content)).size
            assert icon["sizes"] == f"{width}x{height}"
