"""Each scenario's telling words, taken from how officers describe it (the NLU examples): the words that
are frequent in the scenario's examples and rare in the others' (tf-idf over one document per scenario).
The web chat's offline matcher (api/static/offline.js) searches them beside the guide's own text, which
alone shares few words with the way a question is typed."""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Dict, List, Tuple

from guide.nlu_data import read_nlu_examples
from guide.scenarios import scenario_id_from_intent
from guide.tokens import content_words

KEYWORDS_PER_SCENARIO = 60
REVIEWED_FILES = ("reviewed.yml",)  # written from the question log by the trainers' console: never published


@lru_cache(maxsize=1)
def scenario_keywords(count: int = KEYWORDS_PER_SCENARIO) -> Dict[int, Tuple[str, ...]]:
    """``{scenario: its count most telling words}``, best first (words of two or more characters)."""
    texts, intents = read_nlu_examples(skip=REVIEWED_FILES)  # not the trainers' file: officers' own words stay private
    per_scenario: Dict[int, Counter] = {}
    for text, intent in zip(texts, intents):
        number = scenario_id_from_intent(intent)
        if number is not None:
            per_scenario.setdefault(number, Counter()).update(w for w in content_words(text) if len(w) >= 2)
    holding = Counter(word for words in per_scenario.values() for word in words)
    total = len(per_scenario)
    keywords: Dict[int, Tuple[str, ...]] = {}
    for number, words in per_scenario.items():
        scored: List[Tuple[float, str]] = [
            (math.log(1 + frequency) * math.log(total / holding[word]), word)
            for word, frequency in words.items()
            if holding[word] < total
        ]
        keywords[number] = tuple(word for _, word in sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:count])
    return keywords
