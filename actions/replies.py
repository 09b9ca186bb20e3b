"""Messages the assistant sends, built from the knowledge base. Plain functions: no Rasa here.

A message is a dict ``{"text": str, "buttons": [{"title": str, "payload": str}]}``: the shape
Rasa's dispatcher, the gateway and the chat bridges all use.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from guide import protocol
from guide.boundaries import Boundary
from guide.cases import Case
from guide.lookup import Finding, LookupAnswer
from guide.passages import Passage
from guide.policy_basis import PolicyBasis
from guide.scenarios import FieldGuide, Scenario

Message = Dict[str, Any]
Button = Dict[str, str]
STEP_MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"


def button(title: str, target: str) -> Button:
    """A quick-reply button."""
    return {"title": title, "payload": target}


def fixed_button(intent: str, **entities: Any) -> Button:
    """A button with the protocol's fixed label for ``intent`` (查看政策依据, 有帮助, …)."""
    return button(protocol.LABELS[intent], protocol.payload(intent, **entities))


def scenario_button(scenario: Scenario, prefix: str = "") -> Button:
    """A button that asks a scenario, titled with its title."""
    return button(f"{prefix}{scenario.title}", protocol.scenario_payload(scenario.id))


def step_marker(number: int) -> str:
    """The marker of the 1-based step ``number``: ①, ②, … then "16."."""
    return STEP_MARKERS[number - 1] if number <= len(STEP_MARKERS) else f"{number}."


def scenario_answer(scenario: Scenario, guide: FieldGuide, lead: str = "") -> Message:
    """The handling method of a scenario as numbered steps, with follow-up buttons (``lead``: a line above it)."""
    steps = "\n".join(f"{step_marker(number)} {step}" for number, step in enumerate(scenario.steps, start=1))
    text = f"{lead}\n" if lead else ""
    text += f"【第{scenario.id}问】{scenario.title}\n{scenario.question}\n\n处理方法：\n{steps}"
    buttons = [fixed_button(protocol.ASK_POLICY_BASIS, scenario=scenario.id)]
    buttons += [scenario_button(guide.scenarios[number], "相关：") for number in scenario.related[:3]]
    return {"text": text, "buttons": buttons + feedback_buttons(scenario)}


def method_step(scenario: Scenario, number: int, lead: str = "") -> Message:
    """One step of a scenario's method, for reading on a phone one step at a time: "下一步" until the last."""
    total = len(scenario.steps)
    text = f"{lead}\n" if lead else ""
    heading = f"【第{scenario.id}问 · 第{number}步，共{total}步】{scenario.title}"
    text += f"{heading}\n{step_marker(number)} {scenario.steps[number - 1]}"
    buttons = []
    if number < total:
        buttons.append(fixed_button(protocol.ASK_STEP, scenario=scenario.id, step=number + 1))
    buttons.append(button("完整方法", protocol.scenario_payload(scenario.id)))
    buttons.append(fixed_button(protocol.ASK_POLICY_BASIS, scenario=scenario.id))
    return {"text": text, "buttons": buttons}


def other_ways(scenario: Scenario, guide: FieldGuide) -> Message:
    """ "还有别的办法吗": the guide's method is all it says; the related situations may hold what is wanted."""
    related = [guide.scenarios[number] for number in scenario.related[:3]]
    text = f"指引对「{scenario.title}」（第{scenario.id}问）给出的办法就是这{len(scenario.steps)}条，没有别的了。"
    text += "下面几种相关的情形，也许有您要的办法：" if related else "可以一步一步细看，或换个说法描述新的情况。"
    buttons = [scenario_button(other, "相关：") for other in related]
    buttons.append(fixed_button(protocol.ASK_DETAIL, scenario=scenario.id))
    buttons.append(fixed_button(protocol.ASK_POLICY_BASIS, scenario=scenario.id))
    return {"text": text, "buttons": buttons}


def cases(scenario: Scenario, found: Sequence[Case]) -> List[Message]:
    """ "举个例子": the reviewed real cases from the sources, each with why it fits and where it comes from;
    or an honest "none" when the sources hold no fitting case."""
    if not found:
        return [
            {
                "text": f"指引和政策原文里没有「{scenario.title}」（第{scenario.id}问）这种情形的具体案例。"
                "可以一步一步细看处理方法，或查看它的政策依据。",
                "buttons": [
                    fixed_button(protocol.ASK_DETAIL, scenario=scenario.id),
                    fixed_button(protocol.ASK_POLICY_BASIS, scenario=scenario.id),
                ],
            }
        ]
    messages: List[Message] = [
        {"text": f"「{scenario.title}」（第{scenario.id}问）的实际案例，摘自原文：", "buttons": []}
    ]
    for index, case in enumerate(found, start=1):
        messages.append({"text": passage_text(index, case.passage, case.reason), "buttons": []})
    messages[-1]["buttons"] = feedback_buttons(scenario)
    return messages


def which_situation() -> Message:
    """A follow-up with nothing to follow: ask which situation is meant instead of guessing."""
    return {
        "text": "您是接着哪种情况问的？我们还没有谈到具体的情形。请先描述一下您遇到的情况，例如“居民不开门怎么办”。",
        "buttons": [fixed_button(protocol.LIST_TOPICS)],
    }


DID_YOU_MEAN = "我不太确定您问的是哪种情况。您是想问……？"
PICK_FIRST = "您还没有选是哪一种情况。请先点选一种，我再接着细说："


def suggestions(candidates: Sequence[Scenario], notice: str = "", question: str = DID_YOU_MEAN) -> Message:
    """The did-you-mean ``question`` with the closest scenarios as buttons (``notice``: a line above it)."""
    lines = "\n".join(f"{index + 1}. {scenario.question}" for index, scenario in enumerate(candidates))
    buttons = [scenario_button(scenario) for scenario in candidates]
    buttons.append(fixed_button(protocol.DENY))
    lead = f"{notice}\n\n" if notice else ""
    return {"text": f"{lead}{question}\n{lines}", "buttons": buttons}


def unsure_boundary(boundary: Boundary, candidates: Sequence[Scenario], notice: str = "") -> Message:
    """When unsure, but most likely a boundary kind (police procedure, another body): says so, gives the
    kind's fixed reply, and still offers the closest visit scenarios in case that is what was meant."""
    text = f"{notice}\n\n" if notice else ""
    text += f"我不太确定，不过这个问题看起来不在走访指引的范围内：\n{boundary.reply}"
    buttons = []
    if candidates:
        lines = "\n".join(f"{index + 1}. {scenario.question}" for index, scenario in enumerate(candidates))
        text += f"\n\n如果您问的是走访中遇到的情况，是下面哪一种？\n{lines}"
        buttons = [scenario_button(scenario) for scenario in candidates]
    buttons.append(fixed_button(protocol.LIST_TOPICS))
    return {"text": text, "buttons": buttons}


def boundary_answer(boundary: Boundary, visit_scenario: Optional[Scenario] = None) -> Message:
    """The fixed reply of a boundary kind (never a visit method). For an emergency that also describes a
    visit situation, a pointer to that scenario for after the emergency is handled."""
    text, buttons = boundary.reply, []
    if visit_scenario is not None and boundary.after_emergency:
        text += f"\n\n{boundary.after_emergency}第{visit_scenario.id}问「{visit_scenario.title}」"
        buttons.append(scenario_button(visit_scenario, "处置后参看："))
    buttons.append(fixed_button(protocol.LIST_TOPICS))
    return {"text": text, "buttons": buttons + feedback_buttons()}


def topic_groups(guide: FieldGuide) -> Message:
    """The overview of what the assistant covers: the groups, each selectable."""
    overview = "\n".join(f"· {group.title}（{len(group.scenario_ids)}个问题）" for group in guide.groups)
    text = (
        f"我可以解答社区民警走访工作中的{len(guide.scenarios)}个常见问题，并查找相关政策原文：\n{overview}\n\n"
        "请选择一类查看，或直接描述您遇到的情况。"
    )
    buttons = [
        button(group.title, protocol.payload(protocol.LIST_TOPICS, topic_group=group.id)) for group in guide.groups
    ]
    return {"text": text, "buttons": buttons}


def topic_group(guide: FieldGuide, group_id: str) -> Message:
    """The scenarios of one group, each as a button."""
    group = guide.group(group_id)
    if group is None:
        return topic_groups(guide)
    scenarios = [guide.scenarios[number] for number in group.scenario_ids]
    lines = "\n".join(f"{scenario.id}. {scenario.question}" for scenario in scenarios)
    return {"text": f"「{group.title}」的问题：\n{lines}", "buttons": [scenario_button(s) for s in scenarios]}


def feedback_buttons(scenario: Optional[Scenario] = None) -> List[Button]:
    """ "有帮助 / 没帮助" for an answer, naming its scenario when there is one."""
    entities = {"scenario": scenario.id} if scenario else {}
    return [fixed_button(protocol.FEEDBACK_HELPFUL, **entities), fixed_button(protocol.FEEDBACK_UNHELPFUL, **entities)]


def passage_text(index: int, passage: Passage, reason: Optional[str] = None) -> str:
    """One numbered passage, then why it is shown (when known), then where it comes from."""
    why = f"\n为什么相关：{reason}" if reason else ""
    return f"{index}. {passage.text}{why}\n——出处：{passage.citation}"


LOOKUP_HEADING = "文件中与您的问题最相关的内容（每条先列出回答问题的那句话）："
WHOLE_METHOD_PREFIX = "看完整方法："


def finding_text(index: int, finding: Finding) -> str:
    """One look-up result: the sentence that answers first, then the whole text when it says more,
    then what it is and where it comes from."""
    text = f"{step_marker(index)} {finding.lead}"
    if finding.text.strip() != finding.lead.strip():
        text += f"\n原文：{finding.text}"
    return f"{text}\n——{finding.entry.label}"


def look_up_answer(answer: LookupAnswer, guide: FieldGuide) -> List[Message]:
    """The free look-up's answer: a heading, then one message per finding; the last carries a button to
    each scenario whose method it quotes, and feedback. When nothing is found: the reviewed not-covered
    reply, with the topics button."""
    if not answer.found:
        return [{"text": answer.not_covered, "buttons": [fixed_button(protocol.LIST_TOPICS)]}]
    messages: List[Message] = [{"text": LOOKUP_HEADING, "buttons": []}]
    for index, finding in enumerate(answer.findings, start=1):
        messages.append({"text": finding_text(index, finding), "buttons": []})
    quoted = dict.fromkeys(f.entry.scenario_id for f in answer.findings if f.entry.scenario_id is not None)
    methods = [scenario_button(guide.scenarios[number], WHOLE_METHOD_PREFIX) for number in quoted]
    messages[-1]["buttons"] = methods + feedback_buttons()
    return messages


def policy_basis(basis: PolicyBasis, scenario: Scenario) -> List[Message]:
    """The policy behind a scenario's method: a heading (with its caveat), then each passage with
    its reason and citation; feedback on the last."""
    heading = f"「{scenario.title}」（第{scenario.id}问）的政策依据："
    if basis.notice:
        heading += f"\n{basis.notice}。"
    messages: List[Message] = [{"text": heading, "buttons": []}]
    for index, link in enumerate(basis.links, start=1):
        messages.append({"text": passage_text(index, link.passage, link.reason), "buttons": []})
    messages[-1]["buttons"] = feedback_buttons(scenario)
    return messages


def no_passages(query: str) -> Message:
    """The answer when no passage matches."""
    return {
        "text": f"没有找到与“{query}”相关的政策原文。可以换几个关键词再试，例如“群众路线”“矛盾纠纷化解”。",
        "buttons": [],
    }
