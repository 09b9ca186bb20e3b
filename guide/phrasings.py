"""How closely a question reads like the known phrasings of each scenario (the NLU examples).

The guide's methods use the guide's words; officers use their own ("老找不着人" for 常年不在家).
The NLU examples of each scenario are many officers' ways of putting it, so the free look-up
finds a method through them: the cosine of the question's character 1–3-gram TF-IDF vector to
its nearest example of each scenario. Their words also tell an officer's way of describing a visit
("养狗", "睡不着") from a topic neither the texts nor the visits know ("年休假", "止付").
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Sequence

import numpy as np

from guide.nlu_data import read_nlu_examples
from guide.scenarios import scenario_id_from_intent
from guide.tokens import content_words
from guide.understanding import character_text, new_vectorizer


class Phrasings:
    """Nearest-example similarity of a question to each scenario."""

    def __init__(self, texts: Sequence[str], scenario_ids: Sequence[int]) -> None:
        self.vectorizer = new_vectorizer("characters")
        self.matrix = self.vectorizer.fit_transform([character_text(text) for text in texts])
        self.scenario_ids = np.asarray(scenario_ids)
        self.words = frozenset(word for text in texts for word in content_words(text))

    def closeness(self, question: str, length: int = 3) -> Dict[int, float]:
        """The ``length`` scenarios whose phrasings come closest to the question, with the cosine of
        the nearest one (0..1)."""
        vector = self.vectorizer.transform([character_text(question)])
        if not vector.nnz:
            return {}
        similarities = (self.matrix @ vector.T).toarray().ravel()
        best: Dict[int, float] = {}
        for index in np.argsort(-similarities, kind="stable"):
            scenario = int(self.scenario_ids[index])
            if scenario not in best:
                best[scenario] = float(similarities[index])
                if len(best) == length:
                    break
        return best


@lru_cache(maxsize=1)
def scenario_phrasings() -> Phrasings:
    """The phrasings of every scenario intent in ``data/nlu`` (read once)."""
    texts, intents = read_nlu_examples()
    pairs = [(text, scenario_id_from_intent(intent)) for text, intent in zip(texts, intents)]
    kept = [(text, number) for text, number in pairs if number is not None]
    return Phrasings([text for text, _ in kept], [number for _, number in kept])
