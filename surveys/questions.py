"""The survey's wording, read once from questions.json: the same questions in every city, in the visitor's language
(English where a language has no agreed text yet, as the four languages to come will not at first)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

QUESTIONS_FILE = Path(__file__).with_name("questions.json")
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Question:
    """One statement rated on the 1-5 scale: its stable key (what answers store) and its agreed texts."""

    key: str
    texts: dict[str, str]
    labels: dict[str, str]

    @property
    def text(self) -> str:
        return in_language(self.texts)

    @property
    def label(self) -> str:
        return in_language(self.labels)


@dataclass(frozen=True)
class QuestionSet:
    version: str
    questions: tuple[Question, ...]
    scale: dict[int, dict[str, str]]
    open_question_key: str
    open_question_texts: dict[str, str]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(question.key for question in self.questions)

    @property
    def open_question(self) -> str:
        return in_language(self.open_question_texts)

    def scale_label(self, value: int) -> str:
        return in_language(self.scale[value])


def in_language(texts: dict[str, str]) -> str:
    """The text in the active language, else in the portal's default language."""
    return texts.get(translation.get_language() or "", "") or texts[settings.LANGUAGE_CODE]


@cache
def question_set() -> QuestionSet:
    data = json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return QuestionSet(
        version=data["version"],
        questions=tuple(
            Question(key=item["key"], texts=item["text"], labels=item["label"]) for item in data["questions"]
        ),
        scale={int(value): texts for value, texts in data["scale"].items()},
        open_question_key=data["open_question"]["key"],
        open_question_texts=data["open_question"]["text"],
    )
