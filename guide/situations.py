"""Which visit situation a look-up question describes, read by the project's own situation classifier.

The guide's methods use the guide's words; officers use their own ("老找不着人" for 常年不在家). The
NLU examples are many officers' ways of putting each situation, so the look-up fits the classifier of
``guide/understanding.py`` on them (every intent, so a police matter or a policy question reads as
such, not as the nearest scenario) and takes a scenario only when the classifier clearly prefers it:
its linear score at least ``floor`` and ahead of the next intent by ``margin``. The examples' words
also tell an officer's way of describing a visit ("养狗", "睡不着") from a topic neither the texts nor
the visits know ("年休假", "止付"); a word counts as the officers' when several examples use it.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import FrozenSet, Optional, Sequence

import numpy as np

from guide.nlu_data import read_nlu_examples
from guide.protocol import FOLLOW_UP_INTENTS
from guide.scenarios import scenario_id_from_intent
from guide.tokens import content_words
from guide.understanding import SituationModel, ViewWeights

# A word is one of the officers' ways of describing a visit when this many scenario examples use it; a
# side detail of one or two real accounts ("工资" in a story of unpaid builders) is not.
OFFICERS_WORD_MIN_USES = 3


class SituationReader:
    """A situation classifier fitted on labelled examples, and the content words of the scenarios' examples."""

    def __init__(self, texts: Sequence[str], intents: Sequence[str], min_uses: int = OFFICERS_WORD_MIN_USES) -> None:
        # Without the last-sentence view: a look-up question is one sentence, and the floor and margin
        # of the look-up's settings were chosen on these three views' scores.
        self.model = SituationModel(weights=ViewWeights(question=0.0)).fit(list(texts), list(intents))
        uses = Counter(  # how officers describe visits: the scenarios' examples only, each word once per example
            word
            for text, intent in zip(texts, intents)
            if scenario_id_from_intent(intent) is not None
            for word in set(content_words(text))
        )
        self.words: FrozenSet[str] = frozenset(word for word, count in uses.items() if count >= min_uses)

    def scores(self, question: str) -> np.ndarray:
        """The classifier's score of every intent for ``question`` (in the order of ``model.labels``)."""
        return self.model.logits([question])[0]

    def clear_scenario(
        self, question: str, floor: float, margin: float, scores: Optional[np.ndarray] = None
    ) -> Optional[int]:
        """The scenario the question clearly describes, or ``None`` (another intent leads, or the lead is
        not clear); ``scores``: the question's :meth:`scores`, when already read."""
        scores = self.scores(question) if scores is None else scores
        first, second = np.argsort(-scores, kind="stable")[:2]
        scenario = scenario_id_from_intent(self.model.labels[first])
        if scenario is None or scores[first] < floor or scores[first] - scores[second] < margin:
            return None
        return scenario

    def leading_scenario(
        self, question: str, floor: float, margin: float, scores: Optional[np.ndarray] = None
    ) -> Optional[int]:
        """The scenario the classifier ranks first, when it scores at least ``floor`` and leads every intent
        that is not a scenario (a police matter, a policy question, small talk) by ``margin``; a close
        second scenario does not matter (two visit methods close to each other both answer)."""
        scores = self.scores(question) if scores is None else scores
        order = np.argsort(-scores, kind="stable")
        first = order[0]
        scenario = scenario_id_from_intent(self.model.labels[first])
        others = [
            scores[index]
            for index in order[1:]
            if scenario_id_from_intent(self.model.labels[index]) is None
            and self.model.labels[index] not in FOLLOW_UP_INTENTS
        ]
        if scenario is None or scores[first] < floor or (others and scores[first] - others[0] < margin):
            return None
        return scenario


@lru_cache(maxsize=1)
def situation_reader() -> SituationReader:
    """The reader fitted on every example of ``data/nlu`` (once per process: a few seconds)."""
    texts, intents = read_nlu_examples()
    return SituationReader(texts, intents)
