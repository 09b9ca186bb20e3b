"""GET /api/scenarios and /api/scenarios/{id}: the field guide as data."""

from __future__ import annotations

import hashlib
import json
from typing import Dict, List

from fastapi import APIRouter, Depends, HTTPException, Path

from api.deps import get_guide
from api.errors import error_responses
from api.routers.policy import passage_out
from api.schemas import Button, OfflineGuide, OfflineScenario, ScenarioDetail, ScenarioGroup, ScenarioSummary
from guide import protocol
from guide.boundaries import EMERGENCY, boundaries
from guide.keywords import scenario_keywords
from guide.policy_basis import policy_basis
from guide.scenarios import FieldGuide, Scenario

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


def summary(scenario: Scenario) -> ScenarioSummary:
    return ScenarioSummary(
        id=scenario.id, title=scenario.title, question=scenario.question, payload=protocol.scenario_payload(scenario.id)
    )


SCENARIO_LINK = {
    "GetScenario": {
        "operationRef": "#/paths/~1api~1scenarios~1{scenario_id}/get",
        "parameters": {"scenario_id": "$response.body#/0/scenarios/0/id"},
        "description": "a scenario's id (not its group's) is the scenario_id of its detail",
    }
}


@router.get(
    "", response_model=List[ScenarioGroup], responses={**error_responses(413, 503), 200: {"links": SCENARIO_LINK}}
)
def list_scenarios(guide: FieldGuide = Depends(get_guide)) -> List[ScenarioGroup]:
    """Every scenario of the field guide in its group (入户走访, 服务群众, 调解纠纷, 工作方法)."""
    return [
        ScenarioGroup(
            id=group.id, title=group.title, scenarios=[summary(guide.scenarios[n]) for n in group.scenario_ids]
        )
        for group in guide.groups
    ]


@router.get("/offline", response_model=OfflineGuide, responses=error_responses(413, 503))
def offline_guide(guide: FieldGuide = Depends(get_guide)) -> OfflineGuide:
    """Every scenario with its method, steps and policy basis in one answer, and the knowledge's version:
    what the web chat's service worker keeps for reading offline (it changes only with the knowledge)."""
    return knowledge_bundle(guide)


OFFLINE_KEYWORDS = 120  # per scenario: chosen on tests/data/blind_dev.tsv with offline.js (docs/offline.md)
_bundles: Dict[int, OfflineGuide] = {}  # by the guide object (loaded once): built on first use


def knowledge_bundle(guide: FieldGuide) -> OfflineGuide:
    """The offline bundle of ``guide``, versioned by a hash of its content."""
    if id(guide) not in _bundles:
        keywords = scenario_keywords(OFFLINE_KEYWORDS)
        scenarios = [
            OfflineScenario(
                **detail(guide.scenarios[number], guide).dict(),
                keywords=list(keywords.get(number, ())),
                policy_button=Button(
                    title=protocol.LABELS[protocol.ASK_POLICY_BASIS],
                    payload=protocol.payload(protocol.ASK_POLICY_BASIS, scenario=number),
                    kind=None,
                ),
            )
            for number in sorted(guide.scenarios)
        ]
        content = json.dumps([scenario.dict() for scenario in scenarios], ensure_ascii=False, sort_keys=True)
        edges = boundaries()
        signals = [[pattern.pattern for pattern in signal.patterns] for signal in edges.signals]
        reply = edges.kinds[EMERGENCY].reply
        content += json.dumps([reply, signals], ensure_ascii=False)
        _bundles[id(guide)] = OfflineGuide(
            version=hashlib.sha256(content.encode("utf-8")).hexdigest()[:16],
            scenarios=scenarios,
            emergency_reply=reply,
            emergency_signals=signals,
        )
    return _bundles[id(guide)]


@router.get("/{scenario_id}", response_model=ScenarioDetail, responses=error_responses(404, 413, 422, 503))
def get_scenario(
    scenario_id: int = Path(..., description="a scenario number of GET /api/scenarios"),
    guide: FieldGuide = Depends(get_guide),
) -> ScenarioDetail:
    """One scenario: method, steps, related scenarios and its policy basis (passages with reasons and citations)."""
    scenario = guide.scenarios.get(scenario_id)
    if scenario is None:
        raise HTTPException(status_code=404, detail=f"没有第{scenario_id}个场景 (GET /api/scenarios lists them)")
    return detail(scenario, guide)


def detail(scenario: Scenario, guide: FieldGuide) -> ScenarioDetail:
    basis = policy_basis(scenario)
    return ScenarioDetail(
        **summary(scenario).dict(),
        group=scenario.group,
        method=scenario.method,
        steps=list(scenario.steps),
        related=[summary(guide.scenarios[n]) for n in scenario.related],
        policy=[passage_out(link.passage, reason=link.reason) for link in basis.links],
        policy_notice=basis.notice,
        policy_reviewed=basis.reviewed,
    )
