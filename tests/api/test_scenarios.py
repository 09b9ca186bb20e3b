"""GET /api/scenarios and /api/scenarios/{id}."""

from guide.policy_basis import PRINCIPLE_NOTICE, reviewed_policy_basis
from guide.scenarios import field_guide


def test_every_scenario_comes_in_its_group_with_the_payload_that_asks_it(gateway):
    groups = gateway.get("/api/scenarios").json()
    assert [g["title"] for g in groups] == ["入户走访", "服务群众", "调解纠纷", "工作方法"]
    assert sorted(s["id"] for g in groups for s in g["scenarios"]) == sorted(field_guide().scenarios)
    assert all(s["payload"] == f"/scenario_{s['id']:02d}" for g in groups for s in g["scenarios"])


def test_a_scenario_has_its_method_steps_related_and_cited_policy(gateway):
    body = gateway.get("/api/scenarios/4").json()
    assert body["question"] == "走访时有的居民不愿开门怎么办？"
    assert "".join(body["steps"]) == body["method"]
    assert [r["id"] for r in body["related"]] == [5, 17, 19]
    assert body["policy_reviewed"] and body["policy_notice"] == PRINCIPLE_NOTICE  # the corpus has no specific text
    assert len(body["policy"]) == len(reviewed_policy_basis()[4].links)
    assert all(p["citation"] and p["text"] and p["reason"] for p in body["policy"])


def test_a_scenario_with_specific_policy_shows_its_reviewed_passages_best_first(gateway):
    body = gateway.get("/api/scenarios/22").json()
    links = reviewed_policy_basis()[22].links
    assert body["policy_notice"] is None
    assert [(p["id"], p["reason"]) for p in body["policy"]] == [(link.passage.id, link.reason) for link in links]


def test_an_unknown_scenario_is_404_with_a_json_error(gateway):
    for scenario_id in (0, max(field_guide().scenarios) + 1, 999):
        response = gateway.get(f"/api/scenarios/{scenario_id}")
        assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_a_non_numeric_scenario_id_is_422(gateway):
    assert gateway.get("/api/scenarios/abc").status_code == 422
