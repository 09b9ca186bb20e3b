"""Free look-up over everything the assistant knows: the guide's method sentences and the policy passages.

Each text is an :class:`~guide.lookup_entries.Entry` that says what it is ("指引第4问「居民不愿开门」·
处理方法第①步", or a passage's citation). A question is read once (:class:`Question`): homophone slips
mended, words weighed by how rare they are in the texts, words that only say how it is asked set aside.
An entry's score (:class:`Weights`) adds BM25 over jieba words and character bigrams (text, and heading at
half weight) to: question words found verbatim (exact terms), phrases and quotations found, a sentence
that says what the question's phrase is, the share of the question one sentence holds, a spelled-out
numbered list the question names, and, for a method sentence, how closely the question reads like the
situation the project's classifier reads in the question (``guide/situations.py``); asked how to act in that
situation, the method sentences that say what to do ("要", "应当", "可以") come before those describing it.

A text is shown only when it holds what the question quotes, a floor share of the question's weight and
one of its rarest words (and, when the question asks for a number, a time or a place, a leading sentence
that gives one), or when it belongs to the scenario the question clearly reads like. Otherwise,
or when the texts name a numbered term the question asks about without listing it, the answer is
``found: false``: the texts do not cover it. Each finding leads with its best-matching sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

import yaml

from guide.glossary import EnglishGlossary
from guide.homophones import LONGEST, HomophoneMender
from guide.lookup_entries import METHOD_STEP, PASSAGE, Entry, method_entries, passage_entries
from guide.numbered_lists import ASKS_FOR_ITEMS, head, item_heads, numbered_postings, numbered_terms, spells_out
from guide.passages import Passage, corpus
from guide.paths import LOOKUP_FILE
from guide.scenarios import field_guide
from guide.search import MAX_PHRASES, MAX_QUERY_TERMS, Bm25Index, Hit, counted_terms
from guide.situations import SituationReader, situation_reader
from guide.terms import domain_terms
from guide.text import matchable, normalise
from guide.tokens import character_trigrams, content_words, segmenter, stopwords

CITED_QUOTE = 4  # a quotation this long is a citation: a text that lacks it is not shown
PHRASE_GAP = 2  # characters allowed between the two words of a phrase ("群众工作的基础")
MEASURE_WORDS = "起个条次件项位种份"
_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{2,20})[”\"」』’']")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z]+")  # in a normalised (lower-cased) text
_TITLE = re.compile(r"《[^》]*》")  # a book's title ("《怎样做好群众工作》") asks nothing


@dataclass(frozen=True)
class Weights:
    """How much each part of the score counts, and the floors below which nothing is shown.
    ``docs/lookup.md`` compares variants of these on the development set."""

    heading: float = 0.5  # BM25 of the heading, against 1 for the text
    exact: float = 1.0  # per unit of weight of a question word found verbatim in the text
    phrase: float = 1.5  # per question phrase found in the text
    definition: float = 8.0  # a sentence that says what the question's phrase is ("群众工作的基础是……")
    sentence: float = 20.0  # times the share of the question's weight that one sentence holds
    numbered_list: float = 4.0  # the text spells out the numbered list the question names
    prescriptive: float = 120.0  # asked how to act: a method sentence of its situation that says what to do
    situation: float = 30.0  # a method sentence of the situation the question clearly describes
    situation_read: bool = True  # False leaves the classifier's reading of the situation out (compare-lookup)
    situation_floor: float = 0.3  # the classifier's score for that scenario, at least…
    situation_margin: float = 0.8  # …and this far ahead of the next intent
    asked_how_floor: float = 0.0  # asked how to act ("第一步该干啥"), also: the classifier's score at least…
    asked_how_margin: float = 1.0  # …and this far ahead of the next intent that is not a scenario
    colloquial: float = 0.5  # weight of a word the texts never use but officers do (in the NLU examples)
    everyday: float = 0.5  # weight of a word common in everyday Chinese (jieba's dictionary count)…
    everyday_count: int = 2000  # …from this count: "咱们", "平时", "还是" say little about the topic
    relevance_floor: float = 0.4  # share of the question's weight a text must hold to be shown…
    rarest_share: float = 0.75  # …holding one of its words this close to the rarest one's weight
    shown_ratio: float = 0.7  # a result after the first is shown only when it scores this share of the first
    repeated_share: float = 0.6  # a finding repeating this share of an earlier one's trigrams is left out…
    repeat_min_trigrams: int = 12  # …when it is long enough to say more than a shared term


NOTHING = re.compile(r"(?!)")  # matches nothing
MENDED_LENGTH = 200  # characters of a question searched for homophone slips (a look-up is a short question)
QUERY_SHOWN = 30  # characters of the question repeated in the not-covered reply


@dataclass(frozen=True)
class AskedKind:
    """A kind of answer a question may ask for ("多少天": a number; "哪一年": a time; "哪个村": a place), and
    what a sentence that gives one holds ("145次"; "1945年"; "……村")."""

    name: str
    asks: Pattern[str]
    answer: Pattern[str]


@dataclass(frozen=True)
class LookupWords:
    """The fixed words of ``data/knowledge/lookup.yml``: the reviewed not-covered reply, what the texts
    cover, and the words that say how a question is asked."""

    not_covered: str
    unlisted: str
    covered_heading: str
    covered: Tuple[str, ...]
    covered_advice: str
    question_words: frozenset
    asked_kinds: Tuple["AskedKind", ...] = ()  # a number, a time, a place: the sentence shown must give one
    english: EnglishGlossary = EnglishGlossary({}, frozenset())  # English phrases read as the texts' words
    asks_how_to_act: Pattern[str] = NOTHING  # "怎么办", "从哪下手", "how should I": the answer says what to do…
    prescribes: Pattern[str] = NOTHING  # …so a sentence that does ("要", "应当", "可以", "先…再…") comes first

    def not_covered_reply(self, query: str, unlisted: Optional[str] = None) -> str:
        """What the officer reads when no text answers: that the texts do not say it (or only name the
        term), then what they do cover."""
        shown = query.strip()[:QUERY_SHOWN] + ("…" if len(query.strip()) > QUERY_SHOWN else "")
        first = self.unlisted.format(term=unlisted) if unlisted else self.not_covered.format(query=shown)
        topics = "\n".join(f"· {topic}" for topic in self.covered)
        return f"{first}\n{self.covered_heading}\n{topics}\n{self.covered_advice}"


@lru_cache(maxsize=1)
def lookup_words() -> LookupWords:
    """The project's look-up words, read once."""
    data = yaml.safe_load(LOOKUP_FILE.read_text(encoding="utf-8"))
    return LookupWords(
        data["not_covered"],
        data["unlisted"],
        data["covered_heading"],
        tuple(data["covered"]),
        data["covered_advice"],
        frozenset(data["question_words"]),
        tuple(
            AskedKind(name, re.compile(kind["asks"]), re.compile(kind["answer"]))
            for name, kind in data["asked_kinds"].items()
        ),
        EnglishGlossary(data["english"]["phrases"], frozenset(data["english"]["function_words"])),
        re.compile(data["asks_how_to_act"]),
        re.compile(data["prescribes"]),
    )


@dataclass(frozen=True)
class Question:
    """A question as the look-up reads it."""

    text: str  # normalised, homophone slips mended
    terms: Dict[str, int]  # BM25 terms with their (capped) repeats
    weights: Dict[str, float]  # distinct topic words with their weight (rare in the texts weighs more)
    phrases: Tuple["re.Pattern[str]", ...]  # quoted phrases, and adjacent word pairs allowing a short gap
    definitions: Tuple["re.Pattern[str]", ...]  # each phrase followed by 是, 就是, 在于, 即 or 指
    numbered: Tuple[Tuple[str, int], ...]  # numbered terms with the list length they name
    quotes: Tuple[str, ...]  # what the question puts in quotation marks (a long one must be held)
    foreign: Tuple[str, ...]  # words known neither to the texts nor to the officers' examples
    situation: Optional[int]  # the visit situation the question clearly describes, if any
    rarest: Tuple[str, ...]  # the words close to the heaviest one's weight: a shown text holds one
    asks_for: Tuple[AskedKind, ...] = ()  # "多少天", "哪一年": a shown text's leading sentence must give one
    asks_how: bool = False  # "该怎么办", "从哪下手": a leading sentence that says what to do ranks higher

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())

    def held_weight(self, text: str) -> float:
        """The weight of the question words found verbatim in ``text`` (normalised)."""
        return sum(weight for word, weight in self.weights.items() if word in text)

    def phrases_in(self, text: str) -> int:
        return sum(bool(phrase.search(text)) for phrase in self.phrases)

    def defines(self, text: str) -> bool:
        """Whether ``text`` says what one of the question's phrases is (是, 就是, 在于, 即, 指 after it)."""
        return any(definition.search(text) for definition in self.definitions)


@dataclass(frozen=True)
class Finding:
    """An entry shown for a question: its score, the sentence that answers best, and the text shown
    (the entry's, followed by the next passage when that is where the list the question asks for goes on)."""

    entry: Entry
    score: float
    lead: str
    text: str


@dataclass(frozen=True)
class LookupAnswer:
    """What the look-up found for a question; ``found`` is false when no text is close enough.
    ``unlisted``: a numbered term the texts name without spelling out the list (the question asked for it)."""

    query: str
    findings: Tuple[Finding, ...]
    unlisted: Optional[str] = None

    @property
    def found(self) -> bool:
        return bool(self.findings)

    @property
    def not_covered(self) -> Optional[str]:
        """The reviewed reply that the texts do not cover the question (``None`` when something was found)."""
        return None if self.found else lookup_words().not_covered_reply(self.query, self.unlisted)


def phrase_pattern(first: str, second: str) -> "re.Pattern[str]":
    """Two adjacent question words found with at most :data:`PHRASE_GAP` characters between them."""
    return re.compile(re.escape(first) + f".{{0,{PHRASE_GAP}}}" + re.escape(second))


def without_question_prefix(word: str) -> str:
    """A word jieba glued to the question word before it, freed: "哪四风" -> "四风"."""
    return word[1:] if len(word) >= 3 and word[0] in "哪几啥" else word


class Lookup:
    """The look-up index over a fixed list of entries."""

    def __init__(
        self,
        entries: Sequence[Entry],
        words: LookupWords,
        situations: Optional[SituationReader] = None,
        weights: Weights = Weights(),
    ) -> None:
        self.entries = list(entries)
        self.words = words
        self.situations = situations
        self.weights = weights
        self.texts = Bm25Index(self.entries, [entry.text for entry in self.entries])
        self.headings = Bm25Index(self.entries, [entry.heading for entry in self.entries])
        self.searchable = [matchable(f"{entry.heading}。{entry.text}") for entry in self.entries]
        self.trigrams = [character_trigrams(entry.text) for entry in self.entries]
        self.matchable = [matchable(entry.text) for entry in self.entries]
        self.matchable_sentences = [[matchable(sentence) for sentence in entry.sentences] for entry in self.entries]
        self.steps_of: Dict[int, List[int]] = {}
        for position, entry in enumerate(self.entries):
            if entry.scenario_id is not None:
                self.steps_of.setdefault(entry.scenario_id, []).append(position)
        self.numbered_postings = numbered_postings(self.searchable)
        self.item_heads = item_heads(self.searchable)
        self.next_in_section = {
            position: position + 1
            for position, (entry, following) in enumerate(zip(self.entries, self.entries[1:]))
            if entry.passage
            and following.passage
            and (entry.passage.document, entry.passage.section)
            == (following.passage.document, following.passage.section)
        }
        vocabulary = {word for text in self.searchable for word in content_words(text)}
        quoted = {quote for text in self.searchable for quote in _QUOTED.findall(text)}
        self.domain_terms = frozenset(domain_terms())
        self.everyday = segmenter().FREQ
        used_terms = {term for term in self.domain_terms if any(term in text for text in self.searchable)}
        self.mender = HomophoneMender(
            quoted | used_terms | {word for word in vocabulary if len(word) >= 3}, self.searchable
        )
        self.characters = {character for text in self.searchable for character in text}
        self.latin_words = {word for text in self.searchable for word in _LATIN_WORD.findall(text)}
        self.known_weights = {word: self.idf(self.frequency(word)) for word in vocabulary}

    def frequency(self, word: str) -> int:
        """How many entries hold the word verbatim (heading or text)."""
        return sum(word in text for text in self.searchable)

    def idf(self, frequency: int) -> float:
        """BM25 idf of a word held by ``frequency`` entries (an unseen word weighs most)."""
        total = len(self.entries)
        return math.log((total - frequency + 0.5) / (frequency + 0.5) + 1.0)

    def weight(self, word: str) -> float:
        """BM25 idf of a word over the entries (where it occurs verbatim)."""
        known = self.known_weights.get(word)
        if known is not None:
            return known
        return self.idf(0 if self.unseen(word) else self.frequency(word))

    def read(self, query: str) -> Question:
        """The question as the look-up reads it."""
        text = normalise(query or "")
        text = self.mender.mend(text[:MENDED_LENGTH]) + text[MENDED_LENGTH:]
        english = None if _HAN.search(text) else self.words.english.read(text)
        if english is not None:  # a question in English: the Chinese of its phrases, its other words held by no text
            text = " ".join((text, *english.chinese))
        asked = [
            self.known_part(word)
            for word in map(without_question_prefix, content_words(text))
            if word not in self.words.question_words
        ]
        asked = [word for word in asked if word not in self.words.question_words]
        if any(
            _HAN.search(word) for word in asked
        ):  # the texts are Chinese: English words of a mixed question find nothing
            asked = [word for word in asked if _HAN.search(word) or self.texts_use(word)]
            asked += list(english.unread if english is not None else ())
        distinct = list(dict.fromkeys(asked))[:MAX_QUERY_TERMS]
        quotes = tuple(dict.fromkeys(quote for quote in _QUOTED.findall(text) if content_words(quote)))[:MAX_PHRASES]
        phrases = [re.compile(re.escape(quote)) for quote in quotes]
        pairs = dict.fromkeys((a, b) for a, b in zip(asked, asked[1:]) if len(a + b) >= 3 and a != b)
        phrases += [phrase_pattern(a, b) for a, b in pairs]
        officers_words = self.situations.words if self.situations else frozenset()
        colloquial = {word for word in distinct if self.unseen(word) and word in officers_words}
        foreign = tuple(word for word in distinct if self.unseen(word) and word not in colloquial)
        weights = {
            word: self.weight(word)
            * (self.weights.colloquial if word in colloquial else 1.0)
            * (self.weights.everyday if self.everyday.get(word, 0) >= self.weights.everyday_count else 1.0)
            for word in distinct
        }
        top = max((weight for word, weight in weights.items() if word not in foreign), default=0.0)
        asks_how = bool(self.words.asks_how_to_act.search(_TITLE.sub("", text)))
        return Question(
            text=text,
            terms=counted_terms(" ".join(asked)),
            weights=weights,
            phrases=tuple(phrases[:MAX_PHRASES]),
            definitions=tuple(
                re.compile(f"(?:{phrase.pattern})(?:就是|在于|是|即|指)") for phrase in phrases[:MAX_PHRASES]
            ),
            numbered=tuple(numbered_terms(text, lambda term: not self.unseen(term), self.item_heads.__contains__))[
                :MAX_PHRASES
            ],
            quotes=quotes,
            foreign=foreign,
            situation=self.situation_of(text, asks_how),
            rarest=tuple(
                word
                for word, weight in weights.items()
                if word not in foreign and weight >= self.weights.rarest_share * top
            ),
            asks_for=tuple(kind for kind in self.words.asked_kinds if kind.asks.search(text)),
            asks_how=asks_how,
        )

    def situation_of(self, text: str, asks_how: bool) -> Optional[int]:
        """The visit situation the question clearly describes; asked how to act in it, also the scenario the
        classifier ranks first clearly ahead of every intent that is not a scenario (a sibling scenario
        close behind does not matter: both methods answer)."""
        if not self.situations or not self.weights.situation_read:
            return None
        scores = self.situations.scores(text)  # read once for both readings
        weights = self.weights
        clear = self.situations.clear_scenario(text, weights.situation_floor, weights.situation_margin, scores)
        if clear is not None or not asks_how:
            return clear
        return self.situations.leading_scenario(text, weights.asked_how_floor, weights.asked_how_margin, scores)

    def texts_use(self, word: str) -> bool:
        """Whether an English word of a mixed question is one the texts themselves use ("ISBN", "GDP")."""
        return word in self.latin_words and word not in self.words.english.function_words

    def known_part(self, word: str) -> str:
        """A word the texts never use, freed of a stop word or measure word jieba glued to its start or
        end ("起纠纷" -> "纠纷", "份文件" -> "文件"), or a term of our own dictionary cut to the part the texts
        use ("反四风" -> "四风"); otherwise the word itself ("处罚法" is not "处罚")."""
        if len(word) < 2 or not self.unseen(word):
            return word
        glue = stopwords() | self.words.question_words | set(MEASURE_WORDS)
        for part, rest in ((word[1:], word[0]), (word[:-1], word[-1])):
            if (rest in glue or word in self.domain_terms) and not self.unseen(part):
                return part
        return word

    def unseen(self, word: str) -> bool:
        """Whether no entry holds the word (a word of up to six characters is looked up in the set of
        the texts' character runs, not searched for)."""
        if word in self.known_weights:
            return False
        if _HAN_RUN.fullmatch(word) and len(word) <= LONGEST:
            return word not in self.mender.seen and word not in self.characters
        return not any(word in text for text in self.searchable)

    def holds(self, question: Question, position: int) -> List[str]:
        """The question's words found verbatim in the entry's heading or text."""
        return [word for word in question.weights if word in self.searchable[position]]

    def situation(self, question: Question, position: int) -> float:
        """1 for a method sentence of the situation the question clearly describes, else 0."""
        scenario = self.entries[position].scenario_id
        return 1.0 if scenario is not None and scenario == question.situation else 0.0

    def prescribes(self, question: Question, position: int) -> bool:
        """Whether the question asks how to act and the entry is a method sentence of the situation it
        describes that says what to do ("民警要当成大事来对待"), not one that describes the situation."""
        return (
            question.asks_how
            and self.situation(question, position) > 0
            and bool(self.words.prescribes.search(self.lead(question, position)))
        )

    def relevant(self, question: Question, position: int) -> bool:
        """Whether the entry may be shown: a step of the scenario the question clearly reads like, or a
        text that holds what the question quotes, the numbered term it names, the floor's share of its weight
        and one of its rarest words."""
        if question.situation is not None and self.entries[position].scenario_id == question.situation:
            return True
        text = self.searchable[position]
        listed = [term for term, size in question.numbered if spells_out(text, term, size)]
        if any(term in text for term in listed):
            return True  # it names the numbered term the question names and lists it
        if not all(quote in text for quote in question.quotes if len(quote) >= CITED_QUOTE and quote not in listed):
            return False
        named = [term for term, _ in question.numbered if not self.unseen(term)]
        if named and not listed and not any(term in text for term in named):
            return False  # a question about "四群教育" is about it: a text without it does not answer
        held = self.holds(question, position) + [
            word for word in question.weights if any(word in term for term in listed)
        ]  # a list standing for the term ("感情观、公仆观……" for 四观) holds its words
        share = sum(question.weights[word] for word in set(held)) / (question.total_weight or 1.0)
        if share < self.weights.relevance_floor or not (listed or any(word in held for word in question.rarest)):
            return False
        # "居家隔离观察要隔多少天": a text that names the thing but whose sentence gives no number does not answer
        return not question.asks_for or self.gives(question, self.lead(question, position))

    @staticmethod
    def gives(question: Question, sentence: str) -> bool:
        """Whether ``sentence`` gives each kind of answer the question asks for (a number, a time, a place)."""
        return all(kind.answer.search(sentence) for kind in question.asks_for)

    def shown_text(self, question: Question, position: int) -> str:
        """The entry's text, with the next passage of its section when the list the question names
        starts here and goes on there."""
        text = self.entries[position].text
        following = self.next_in_section.get(position)
        if following is None:
            return text
        for term, size in question.numbered:
            if (
                term in text
                and not spells_out(text, term, size)
                and spells_out(text + self.entries[following].text, term, size)
            ):
                return text + self.entries[following].text
        return text

    def lists(self, question: Question, text: str) -> bool:
        """Whether ``text`` spells out a numbered term the question names."""
        return any(spells_out(text, term, size) for term, size in question.numbered)

    def score(self, question: Question, position: int, text: str) -> float:
        """The entry's score for the question, ``text`` being what would be shown of it."""
        plain = self.matchable[position] if text == self.entries[position].text else matchable(text)
        score = self.texts.score(question.terms, position) + self.weights.heading * self.headings.score(
            question.terms, position
        )
        score += self.weights.exact * sum(
            weight for word, weight in question.weights.items() if len(word) >= 2 and word in plain
        )
        score += self.weights.phrase * question.phrases_in(plain)
        best_sentence = max(question.held_weight(sentence) for sentence in self.matchable_sentences[position])
        score += self.weights.sentence * best_sentence / (question.total_weight or 1.0)
        score += self.weights.situation * self.situation(question, position)
        score += self.weights.definition * question.defines(plain)
        score += self.weights.prescriptive * self.prescribes(question, position)
        return score + (self.weights.numbered_list if self.lists(question, plain) else 0.0)

    def lead(self, question: Question, position: int) -> str:
        """The entry's sentence holding the most question weight (phrases count extra); the first on a tie."""
        sentences = self.matchable_sentences[position]

        def weight(index: int) -> float:
            return question.held_weight(sentences[index]) + self.weights.phrase * question.phrases_in(sentences[index])

        return self.entries[position].sentences[max(range(len(sentences)), key=weight)]

    def look_up(self, query: str, k: int = 3, kinds: Sequence[str] = (METHOD_STEP, PASSAGE)) -> LookupAnswer:
        """The ``k`` best relevant entries of the given kinds, best first, without repeats."""
        question = self.read(query)
        if not question.weights or k <= 0:
            return LookupAnswer(query, ())
        candidates = set(self.texts.candidates(question.terms)) | set(self.headings.candidates(question.terms))
        if question.situation is not None:
            candidates.update(self.steps_of.get(question.situation, ()))
        for term, _ in question.numbered:  # "三个库": the entries naming it, whatever words jieba cut it into
            candidates.update(self.numbered_postings.get(term, ()))
            candidates.update(self.item_heads.get(head(term), ()))  # "四观": the lists of items closing with 观
        scored = []
        for position in sorted(candidates):
            if self.entries[position].kind in kinds and self.relevant(question, position):
                text = self.shown_text(question, position)
                scored.append((self.score(question, position, text), position, text))
        unlisted = self.unlisted(question, [text for _, _, text in scored])
        if unlisted:
            return LookupAnswer(query, (), unlisted)
        if ASKS_FOR_ITEMS.search(question.text):  # asked for a list: the texts that list it, not those naming it
            scored = [row for row in scored if self.lists(question, row[2])] or scored
        chosen: List[Tuple[float, int, str]] = []
        for score, position, text in sorted(scored, key=lambda row: (-row[0], row[1])):
            if len(chosen) == k or (chosen and score < self.weights.shown_ratio * chosen[0][0]):
                break
            if not any(self.repeats(position, earlier) for _, earlier, _ in chosen):
                chosen.append((score, position, text))
        return LookupAnswer(
            query,
            tuple(
                Finding(self.entries[position], round(score, 4), self.lead(question, position), text)
                for score, position, text in chosen
            ),
        )

    def unlisted(self, question: Question, texts: Sequence[str]) -> Optional[str]:
        """The numbered term the question asks about when the texts name it but none spells it out."""
        if not ASKS_FOR_ITEMS.search(question.text):
            return None  # "十八大报告里“人民”出现了多少次" names no list it asks for
        named = [(term, size) for term, size in question.numbered if any(term in text for text in texts)]
        if not named or any(spells_out(text, term, size) for term, size in named for text in texts):
            return None
        return named[0][0]

    def repeats(self, position: int, earlier: int) -> bool:
        """Whether the entry at ``position`` mostly repeats the one at ``earlier``."""
        mine, theirs = self.trigrams[position], self.trigrams[earlier]
        smaller = min(len(mine), len(theirs))
        return (
            smaller >= self.weights.repeat_min_trigrams and len(mine & theirs) >= self.weights.repeated_share * smaller
        )


@lru_cache(maxsize=1)
def lookup() -> Lookup:
    """The look-up over the project's guide and passages (built once)."""
    scenarios = [field_guide().scenarios[number] for number in sorted(field_guide().scenarios)]
    return Lookup(method_entries(scenarios) + passage_entries(corpus()), lookup_words(), situation_reader())


def look_up(query: str, k: int = 3) -> LookupAnswer:
    """What the guide and the policy passages say about a free question."""
    return lookup().look_up(query, k)


def search_policy(query: str, k: int = 3) -> List[Hit[Passage]]:
    """The ``k`` policy passages that best answer ``query``, none when nothing is close (the automatic
    policy basis of a scenario nobody reviewed, and the judged passage sets)."""
    findings = lookup().look_up(query, k, kinds=(PASSAGE,)).findings
    return [Hit(finding.entry.passage, finding.score) for finding in findings if finding.entry.passage]
