"""Which intent a message is about: a situation classifier in plain scikit-learn (no Rasa here).

Every message is read in three views that each survive a different way officers write:

- **words**: jieba words and word pairs (the domain dictionary included), for meaning;
- **characters**: character 1–3-grams, for segmentation slips and colloquial spellings;
- **pinyin**: toneless syllables and syllable pairs, so an input-method homophone
  ("不开们", "调节") reads like the intended word;
- **question**: character 1–3-grams of the last sentence alone. A real account is a long scene
  followed by what the officer wants to know; the need in that last sentence is what names the
  scenario, and the scene's side details (a dog, a fire last year) should not outvote it.

Each view is sublinear, length-normalised TF-IDF, so a long narrative is not pulled towards
whichever class has the most matching words, and each is weighted. A linear support-vector
machine (one-vs-rest) over the three views scores every label; a softmax
of the scores divided by a temperature turns them into probabilities, and the temperature that
makes them honest is fitted on out-of-fold predictions of the training data
(:func:`fit_temperature`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Sequence, Tuple, Union

import numpy as np
from pypinyin import lazy_pinyin
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from guide.text import LATIN_WORD, normalise
from guide.tokens import words as jieba_words

_SPACE_OR_PUNCT = re.compile(r"^[\W_]+$")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")


def word_tokens(text: str) -> List[str]:
    """jieba words of the normalised text, punctuation and spaces dropped."""
    return [
        token
        for token in (t.strip() for t in jieba_words(normalise(text)))
        if token and not _SPACE_OR_PUNCT.match(token)
    ]


def character_text(text: str) -> str:
    """The normalised text with punctuation replaced by spaces (character n-grams stay inside clauses)."""
    return re.sub(r"[^\w]+", " ", normalise(text)).strip()


def last_sentence_text(text: str) -> str:
    """The character text of the message's last non-empty sentence (the whole message when it has one)."""
    sentences = [sentence for sentence in _SENTENCE_END.split(normalise(text)) if sentence.strip()]
    return character_text(sentences[-1] if sentences else text)


# pypinyin keeps characters without pinyin (Latin words, digits) when this returns them in a list; its
# type hints only know the string form.
_KEEP_AS_IS: Any = lambda chars: [chars]  # noqa: E731


def pinyin_tokens(text: str) -> List[str]:
    """Toneless pinyin syllables of the Chinese characters, Latin words kept as they are."""
    pieces = lazy_pinyin(normalise(text), errors=_KEEP_AS_IS)
    return [token for piece in pieces for token in LATIN_WORD.findall(piece)]


def _identity(tokens: List[str]) -> List[str]:
    return tokens


@dataclass
class ViewWeights:
    """How much each view counts (a view with weight 0 is left out)."""

    words: float = 0.5
    characters: float = 1.0
    pinyin: float = 0.6
    question: float = 1.0


@dataclass
class SituationModel:
    """TF-IDF views + a linear SVM over intents; ``temperature`` rescales its scores."""

    weights: ViewWeights = field(default_factory=ViewWeights)
    regularisation: float = 1.0  # the SVM's C: smaller is smoother
    temperature: float = 1.0
    random_state: int = 20240229
    vectorizers: Dict[str, TfidfVectorizer] = field(default_factory=dict)
    classifier: LinearSVC | None = None

    def _active(self) -> Dict[str, float]:
        return {name: weight for name, weight in vars(self.weights).items() if weight > 0}

    def _matrix(self, texts: Sequence[str], fit: bool = False) -> csr_matrix:
        blocks = []
        for name, weight in self._active().items():
            inputs = [VIEW_READERS[name](text) for text in texts]
            if fit:
                self.vectorizers[name] = new_vectorizer(name)
                matrix = self.vectorizers[name].fit_transform(inputs)
            else:
                matrix = self.vectorizers[name].transform(inputs)
            blocks.append(matrix * weight)
        return hstack(blocks).tocsr()

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], sample_weight: Sequence[float] | None = None
    ) -> "SituationModel":
        """Learn the vocabularies and the classifier from labelled texts."""
        features = self._matrix(texts, fit=True)
        self.classifier = self.new_classifier()
        self.classifier.fit(
            features, list(labels), sample_weight=None if sample_weight is None else np.asarray(sample_weight)
        )
        return self

    def new_classifier(self) -> LinearSVC:
        """The untrained classifier over the views (balanced: every intent counts the same)."""
        return LinearSVC(C=self.regularisation, class_weight="balanced", random_state=self.random_state)

    @property
    def labels(self) -> List[str]:
        assert self.classifier is not None, "the model is not trained"
        return list(self.classifier.classes_)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The SVM's scores, one row per text, one column per label."""
        assert self.classifier is not None, "the model is not trained"
        values = self.classifier.decision_function(self._matrix(texts))
        if values.ndim == 1:  # two labels: scikit-learn gives the second label's score only
            values = np.column_stack([np.zeros_like(values), values])
        return values

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Temperature-scaled probabilities, one row per text, one column per label."""
        return softmax(self.logits(texts) / self.temperature)

    def rank(self, text: str, length: int = 10) -> List[Tuple[str, float]]:
        """The ``length`` most likely labels of one text with their probabilities, best first."""
        row = self.probabilities([text])[0]
        order = np.argsort(-row, kind="stable")[:length]
        return [(self.labels[index], float(row[index])) for index in order]


def _word_unigrams_and_pairs(text: str) -> List[str]:
    tokens = word_tokens(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def _pinyin_unigrams_and_pairs(text: str) -> List[str]:
    tokens = pinyin_tokens(text)
    return tokens + [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]


VIEW_READERS: Dict[str, Callable[[str], Union[str, List[str]]]] = {
    "words": _word_unigrams_and_pairs,
    "characters": character_text,
    "pinyin": _pinyin_unigrams_and_pairs,
    "question": last_sentence_text,
}


def new_vectorizer(view: str) -> TfidfVectorizer:
    """An unfitted sublinear TF-IDF vectorizer for one view (its reader's output goes in)."""
    if view in ("characters", "question"):
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, lowercase=False)
    return TfidfVectorizer(analyzer=_identity, sublinear_tf=True)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, label_indices: Sequence[int]) -> float:
    """The temperature that minimises the negative log-likelihood of held-out scores (grid search)."""
    rows = np.arange(len(label_indices))
    best, best_loss = 1.0, float("inf")
    for temperature in np.exp(np.linspace(np.log(0.01), np.log(20.0), 151)):
        probabilities = softmax(logits / temperature)
        loss = -np.mean(np.log(probabilities[rows, list(label_indices)] + 1e-12))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


def out_of_fold_logits(
    texts: Sequence[str], labels: Sequence[str], make_model, folds: int = 5, seed: int = 20240229
) -> Tuple[np.ndarray, List[str]]:
    """Logits of each text from a model trained without its fold (stratified), and the label order."""
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(labels))
    result = np.zeros((len(texts), len(classes)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    texts_array, labels_array = np.asarray(texts, dtype=object), np.asarray(labels, dtype=object)
    for train_index, test_index in splitter.split(texts_array, labels_array):
        model = make_model().fit(list(texts_array[train_index]), list(labels_array[train_index]))
        columns = [classes.index(label) for label in model.labels]
        logits = np.full((len(test_index), len(classes)), -1e9)
        logits[:, columns] = model.logits(list(texts_array[test_index]))
        result[test_index] = logits
    return result, classes
