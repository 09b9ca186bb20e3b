"""GET /api/scenarios and /api/scenarios/{id}: the field guide as data."""
from __future__ import annotations

from typing import List

from fastapi import APIRouter, Depends, HTTPException, Path

from api.deps import get_guide
from api.errors import error_responses
from api.routers.policy import passage_out
from api.schemas import ScenarioDetail, ScenarioGroup, ScenarioSummary
from guide import protocol
from guide.policy_basis import policy_basis
from guide.scenarios import FieldGuide, Scenario

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


def summary(scenario: Scenario) -> ScenarioSummary:
    return ScenarioSummary(id=scenario.id, title=scenario.title, question=scenario.question,
                           payload=protocol.scenario_payload(scenario.id))


SCENARIO_LINK = {"GetScenario": {"operationRef": "#/paths/~1api~1scenarios~1{scenario_id}/get",
                                  "parameters": {"scenario_id": "$response.body#/0/scenarios/0/id"},
                                  "description": "a scenario's id (not its group's) is the scenario_id of its detail"}}


@router.get("", response_model=List[ScenarioGroup], responses={**error_responses(413, 503), 200: {"links": SCENARIO_LINK}})
def list_scenarios(guide: FieldGuide = Depends(get_guide)) -> List[ScenarioGroup]:
    """Every scenario of the field guide in its group (入户走访, 服务群众, 调解纠纷, 工作方法)."""
    return [
        ScenarioGroup(id=group.id, title=group.title, scenarios=[summary(guide.scenarios[n]) for n in group.scenario_ids])
        for group in guide.groups
    ]


@router.get("/{scenario_id}", response_model=ScenarioDetail, responses=error_responses(404, 413, 422, 503))
def get_scenario(scenario_id: int = Path(..., description="a scenario number of GET /api/scenarios"),
                 guide: FieldGuide = Depends(get_guide)) -> ScenarioDetail:
    """One scenario: method, steps, related scenarios and its policy basis (passages with reasons and citations)."""
    scenario = guide.scenarios.get(scenario_id)
    if scenario is None:
        raise HTTPException(status_code=404, detail=f"没有第{scenario_id}个场景 (GET /api/scenarios lists them)")
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
