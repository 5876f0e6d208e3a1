"""Grading quiz answers the way a fair teacher would: forgiving about form, strict about content.

- mcq: a letter ("b", "B)", "(b)") or the option's text, ignoring case and spacing.
- cloze: case, surrounding punctuation, spacing, hyphens and a trailing plural are ignored; small
  typos pass by length of the expected term (4 characters or fewer: none, so "SeLU" never
  passes for "ReLU"; 5 to 8: one edit, a swap counting as one; longer: rapidfuzz ratio >= 85),
  and the numbers must match exactly (VGG16 is not VGG19).
- open: what the answer says about the topic, so the topic's own title words are masked in both
  the answer and the reference first (naming "Dropout" is no answer). Then
  score = 0.75 * cosine(MiniLM embeddings) + 0.25 * share of the reference's key terms used,
  right when score >= 0.5. Set on MiniLM: paraphrases score about 0.55-0.65, answers about
  something else 0.05-0.35, near misses (throughput for latency) about 0.45. An optional judge
  (an LLM) overrides the verdict when it gives one.
Feedback opens with the verdict, names the right answer and cites the topic, week and link.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from pydantic import BaseModel
from rapidfuzz import fuzz, utils
from rapidfuzz.distance import OSA

from assistant.quiz import QuizQuestion, key_words, mask_title
from ingest.embedding import Embedder

LONG_TERM_MIN_RATIO = 85.0
OPEN_COSINE_WEIGHT = 0.75
OPEN_PASS_SCORE = 0.5
LETTERS = "abcdefghijklmnopqrstuvwxyz"
_BARE_LETTER = re.compile(r"\(?\s*([a-z])\s*[).:]?", re.IGNORECASE)
_LETTER_AND_TEXT = re.compile(r"\(?([a-z])\s*[).:]\s*(.+)", re.IGNORECASE | re.DOTALL)

Judge = Callable[[QuizQuestion, str], bool | None]


class Grade(BaseModel):
    correct: bool
    score: float  # 0..1: how close the answer came (1 for a right mcq or an exact term)
    feedback: str


def grade(question: QuizQuestion, response: str, embedder: Embedder | None = None,
          judge: Judge | None = None) -> Grade:
    """Grade one response; an open question needs the embedder."""
    response = response.strip()
    if question.type == "mcq":
        correct, score, note = _grade_mcq(question, response)
    elif question.type == "cloze":
        correct, score, note = _grade_term(question.answer, response)
    else:
        if embedder is None:
            raise ValueError("grading an open answer needs an Embedder")
        correct, score, note = _grade_open(question, response, embedder, judge)
    return Grade(correct=correct, score=round(score, 4), feedback=_feedback(question, correct, note))


# -- multiple choice -------------------------------------------------------------------------------

def _squash(text: str) -> str:
    """Lowercase alphanumerics only: 'Resnet 50' and 'resnet-50' compare equal."""
    return utils.default_process(text).replace(" ", "")


def chosen_option(question: QuizQuestion, response: str) -> int | None:
    """The option index a response picks: by its text, or by its letter."""
    by_text = {_squash(option): i for i, option in enumerate(question.options)}
    if _squash(response) in by_text:
        return by_text[_squash(response)]
    if match := _LETTER_AND_TEXT.fullmatch(response):  # "b) AlexNet": the text wins if it names one
        if _squash(match.group(2)) in by_text:
            return by_text[_squash(match.group(2))]
        return _letter_index(question, match.group(1))
    if match := _BARE_LETTER.fullmatch(response):
        return _letter_index(question, match.group(1))
    return None


def _letter_index(question: QuizQuestion, letter: str) -> int | None:
    index = LETTERS.index(letter.casefold())
    return index if index < len(question.options) else None


def _grade_mcq(question: QuizQuestion, response: str) -> tuple[bool, float, str]:
    index = chosen_option(question, response)
    if index is None:
        last = LETTERS[len(question.options) - 1]
        return False, 0.0, (f"“{response}” is not one of the options; answer with a letter a–{last} "
                            "or the option's text.")
    correct = question.options[index] == question.answer
    return correct, float(correct), ""


# -- fill in the blank -----------------------------------------------------------------------------

def _plain(text: str) -> str:
    """Case, punctuation, hyphens and spacing folded away; a trailing plural 's' dropped."""
    words = utils.default_process(text).split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def term_matches(expected: str, response: str) -> tuple[bool, float]:
    """(accepted, similarity 0..1) of a typed term against the expected one."""
    a, r = _plain(expected), _plain(response)
    if not r:
        return False, 0.0
    if a.replace(" ", "") == r.replace(" ", ""):
        return True, 1.0
    similarity = fuzz.ratio(a, r) / 100
    if re.findall(r"\d+", a) != re.findall(r"\d+", r):
        return False, similarity
    if len(a) <= 4:
        return False, similarity
    if len(a) <= 8:
        return OSA.distance(a, r) <= 1, similarity
    return similarity * 100 >= LONG_TERM_MIN_RATIO, similarity


def _grade_term(expected: str, response: str) -> tuple[bool, float, str]:
    correct, similarity = term_matches(expected, response)
    note = "" if not correct or _plain(expected) == _plain(response) else f"(mind the spelling: {expected})"
    return correct, similarity, note


# -- open answers ----------------------------------------------------------------------------------

def term_coverage(reference: str, response: str) -> float:
    """The share of the reference's key terms the response uses (typos within one edit allowed)."""
    wanted = list(dict.fromkeys(key_words(reference)))
    if not wanted:
        return 0.0
    given = set(key_words(response))
    hits = sum(any(w == g or (len(w) >= 5 and OSA.distance(w, g) <= 1) for g in given) for w in wanted)
    return hits / len(wanted)


def _grade_open(question: QuizQuestion, response: str, embedder: Embedder,
                judge: Judge | None) -> tuple[bool, float, str]:
    if not response:
        return False, 0.0, ""
    expected, given = (mask_title(text, question.source.topic) for text in (question.answer, response))
    reference, answer = np.asarray(embedder.embed_documents([expected, given]))
    cosine = max(float(reference @ answer), 0.0)
    score = OPEN_COSINE_WEIGHT * cosine + (1 - OPEN_COSINE_WEIGHT) * term_coverage(expected, given)
    correct = score >= OPEN_PASS_SCORE
    verdict = judge(question, response) if judge else None
    if verdict is not None:
        correct = verdict
    return correct, min(score, 1.0), ""


# -- feedback --------------------------------------------------------------------------------------

def _feedback(question: QuizQuestion, correct: bool, note: str) -> str:
    """The verdict, the right answer, why, and where to read more."""
    if question.type == "mcq":
        letter = LETTERS[question.options.index(question.answer)]
        expected = f"{letter}) {question.answer}"
    elif question.type == "cloze":
        expected = question.answer
    else:
        expected = f"a model answer: {question.answer}"
    source = question.source
    cite = f"{source.topic} (week {question.week}{', ' + source.url if source.url else ''})"
    parts = ["Correct." if correct else "Not quite.", note, f"The answer is {expected}.",
             question.explanation if question.type != "open" else "", f"Source: {cite}."]
    return " ".join(part for part in parts if part)
