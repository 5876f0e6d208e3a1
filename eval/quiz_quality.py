"""Quiz quality: are the generated questions about ideas, readable, fair and varied?

Measured per question style over quizzes for every week, with checks written independently of
the generator's own (so the generator cannot grade itself):
- filler: the stem (or a shown statement) talks about the article, the reader or the course;
- blanks per stem, and the share with three or more;
- leakage: the answer, or its acronym (or, for an acronym, its expansion) is visible in the
  stem; for "Which of these describes X?" the right option names X;
- invalid options (fewer than two, the answer not among them, empty or all-mask options; a
  cloze with options or without exactly one blank) and duplicate options;
- distractor closeness: mean MiniLM cosine between the right option and each wrong one;
- variety: distinct stems, distinct answers, styles, topics.
The hand-rated set (eval/data/quiz_rated.jsonl, rubric in eval/data/quiz_rubric.md) adds what
no automatic check sees: does the question test an idea, is it answerable from its source, does
it have one right answer.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from assistant import Assistant
from assistant.quiz import QuizMaterial, QuizQuestion, make_quiz
from core.course import Course
from ingest.embedding import Embedder

RATED_SET = Path(__file__).parent / "data" / "quiz_rated.jsonl"
RUBRIC = ("tests_idea", "answerable", "one_answer")
FILLER = re.compile(r"\b(?:in this article|this article|the article|this tutorial|this guide|we will|we have|"
                    r"we'll|you will|you can|your|check it out|follow this guide|follow the tutorial|"
                    r"(?:is|are|will be) covered|opengenus|let us|let's)\b", re.IGNORECASE)
BLANK_RUN = re.compile(r"_{3,}")
TRUE_FALSE = ["True", "False"]
# (metric, target, "max" = at most / "min" = at least), checked in the report
TARGETS: list[tuple[str, float, str]] = [
    ("filler_rate", 0.02, "max"), ("three_plus_blanks_rate", 0.02, "max"), ("leakage_rate", 0.0, "max"),
    ("invalid_option_rate", 0.0, "max"), ("styles", 3, "min"), ("hand_rated_pass_rate", 0.90, "min"),
]


class StyleQuality(BaseModel):
    n: int
    filler_rate: float
    blanks_per_stem: float
    three_plus_blanks_rate: float
    leakage_rate: float
    invalid_option_rate: float
    duplicate_option_rate: float
    distractor_closeness: float | None  # mean cosine(right option, wrong option); None: no options
    distinct_stems: float  # share of questions whose stem is unique


class HandRated(BaseModel):
    n: int
    pass_rate: float
    by_rubric: dict[str, float]
    by_style: dict[str, float]


class QuizQuality(BaseModel):
    n: int
    weeks: int
    styles: int
    by_style: dict[str, StyleQuality]
    overall: StyleQuality
    distinct_answers: float
    topics_quizzed: int
    skipped_topics: int  # topics left out for having nothing testable
    hand_rated: HandRated | None = None
    failures: list[str] = []  # questions that broke a hard rule, for reading the report


def generate(course: Course, material: QuizMaterial | None = None, seeds: Sequence[int] = (0, 1, 2),
             per_week: int = 8) -> tuple[list[QuizQuestion], set[str]]:
    """Quizzes for every week under several seeds, as a student asking again and again gets them."""
    questions: dict[str, QuizQuestion] = {}
    skipped: set[str] = set()
    for seed in seeds:
        for week in course.weeks:
            quiz = make_quiz(course, week.week, per_week, material=material, seed=seed)
            questions.update((q.id, q) for q in quiz.questions)
            skipped.update(s.topic_id for s in quiz.skipped)
    return list(questions.values()), skipped


def measure_assistant(assistant: Assistant) -> QuizQuality:
    """Quizzes as the assistant's index makes them (articles and vectors when indexed)."""
    material = QuizMaterial.from_index(assistant.settings, assistant.embedder.model_id)
    questions, skipped = generate(assistant.course, material)
    return measure(questions, assistant.embedder, skipped=len(skipped))


def style_of(question: QuizQuestion) -> str:
    return question.style or question.type


def shown_text(question: QuizQuestion) -> str:
    """What the student reads: the stem, and the options when they are statements."""
    if question.options and question.options != TRUE_FALSE and style_of(question) == "definition":
        return " ".join([question.question, *question.options])
    return question.question


def is_filler(question: QuizQuestion) -> bool:
    return FILLER.search(shown_text(question).replace("’", "'")) is not None


def blanks(question: QuizQuestion) -> int:
    return len(BLANK_RUN.findall(question.question))


def _initials(phrase: str) -> str:
    content = [w for w in re.findall(r"[A-Za-z0-9]+", phrase) if w.lower() not in {"of", "and", "the", "for", "in"}]
    return "".join(w[0] for w in content).upper() if len(content) >= 2 else ""


def _visible(phrase: str, text: str) -> bool:
    phrase = re.sub(r"\s*\([^)]*\)", "", phrase).strip(" ?")
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?:s|es)?(?!\w)", text, re.IGNORECASE) is not None


def _expansion_visible(acronym: str, text: str) -> bool:
    letters = re.sub(r"s$", "", acronym)
    if not re.fullmatch(r"[A-Z]{2,}", letters):
        return False
    tokens = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in {"of", "and", "the", "for", "in"}]
    return any("".join(t[0] for t in tokens[i:i + len(letters)]).upper() == letters
               for i in range(len(tokens) - len(letters) + 1))


def leaks(question: QuizQuestion) -> bool:
    """The stem shows what the student is asked to produce or pick."""
    style = style_of(question)
    if style in ("true_false", "open"):
        return False
    if style == "definition":
        name, text = question.source.topic, question.answer
    else:
        name, text = question.answer, question.question
    short = _initials(name)
    return (_visible(name, text) or bool(short and re.search(rf"(?<!\w){short}s?(?!\w)", text))
            or _expansion_visible(name, text))


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def invalid_options(question: QuizQuestion) -> bool:
    if question.type == "cloze":
        return bool(question.options) or blanks(question) != 1 or not question.answer.strip()
    if question.type == "open":
        return bool(question.options)
    if style_of(question) == "true_false" and question.options != TRUE_FALSE:
        return True
    return (len(question.options) < 2 or question.answer not in question.options
            or any(not re.sub(r"[_\W]", "", option) for option in question.options))


def duplicate_options(question: QuizQuestion) -> bool:
    squashed = [_squash(o) for o in question.options]
    return len(set(squashed)) < len(squashed)


def closeness(questions: Sequence[QuizQuestion], embedder: Embedder | None) -> float | None:
    """Mean cosine between each right option and its wrong ones (mcq with named options)."""
    pairs = [(q.answer, o) for q in questions if q.type == "mcq" and q.options != TRUE_FALSE
             for o in q.options if o != q.answer]
    if not pairs or embedder is None:
        return None
    texts = list(dict.fromkeys(t for pair in pairs for t in pair))
    vectors = dict(zip(texts, np.asarray(embedder.embed_documents(texts)), strict=True))
    return round(float(np.mean([float(vectors[a] @ vectors[b]) for a, b in pairs])), 4)


def _rate(questions: Sequence[QuizQuestion], check) -> float:
    return round(sum(map(check, questions)) / len(questions), 4) if questions else 0.0


def style_quality(questions: Sequence[QuizQuestion], embedder: Embedder | None) -> StyleQuality:
    counts = [blanks(q) for q in questions]
    stems = Counter(q.question for q in questions)
    return StyleQuality(
        n=len(questions), filler_rate=_rate(questions, is_filler),
        blanks_per_stem=round(sum(counts) / len(counts), 4) if counts else 0.0,
        three_plus_blanks_rate=_rate(questions, lambda q: blanks(q) >= 3),
        leakage_rate=_rate(questions, leaks), invalid_option_rate=_rate(questions, invalid_options),
        duplicate_option_rate=_rate(questions, duplicate_options),
        distractor_closeness=closeness(questions, embedder),
        distinct_stems=round(sum(1 for q in questions if stems[q.question] == 1) / len(questions), 4)
        if questions else 0.0)


def measure(questions: Sequence[QuizQuestion], embedder: Embedder | None = None, *,
            skipped: int = 0, rated: Path | None = RATED_SET) -> QuizQuality:
    by_style: dict[str, list[QuizQuestion]] = {}
    for question in questions:
        by_style.setdefault(style_of(question), []).append(question)
    failures = [f"`{q.id}` ({style_of(q)}): {problem}: {q.question}" for q in questions
                for problem, broken in (("filler", is_filler(q)), ("leaks its answer", leaks(q)),
                                        ("invalid options", invalid_options(q)), ("3+ blanks", blanks(q) >= 3))
                if broken]
    return QuizQuality(
        n=len(questions), weeks=len({q.week for q in questions}), styles=len(by_style),
        by_style={style: style_quality(group, embedder) for style, group in sorted(by_style.items())},
        overall=style_quality(questions, embedder),
        distinct_answers=round(len({q.answer for q in questions}) / len(questions), 4) if questions else 0.0,
        topics_quizzed=len({q.topic_id for q in questions}), skipped_topics=skipped,
        hand_rated=hand_rated(rated) if rated and rated.exists() else None, failures=failures)


def hand_rated(path: Path = RATED_SET) -> HandRated:
    """The pass rate of the hand-rated set: a question passes when every rubric line holds."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    styles: dict[str, list[bool]] = {}
    for row in rows:
        styles.setdefault(row.get("style") or row["type"], []).append(bool(row["pass"]))
    return HandRated(
        n=len(rows), pass_rate=round(sum(bool(r["pass"]) for r in rows) / len(rows), 4) if rows else 0.0,
        by_rubric={line: round(sum(bool(r["verdicts"][line]) for r in rows) / len(rows), 4) for line in RUBRIC}
        if rows else {},
        by_style={style: round(sum(v) / len(v), 4) for style, v in sorted(styles.items())})


def lookup(quality: QuizQuality, metric: str) -> float | None:
    if metric == "styles":
        return float(quality.styles)
    if metric == "hand_rated_pass_rate":
        return quality.hand_rated.pass_rate if quality.hand_rated else None
    return getattr(quality.overall, metric)


def quiz_section(quality: QuizQuality) -> list[str]:
    """The report's quiz-quality section."""
    lines = ["## Quiz quality", "",
             f"{quality.n} generated questions over {quality.weeks} weeks ({quality.topics_quizzed} topics; "
             f"{quality.skipped_topics} topics left out for having nothing testable), {quality.styles} styles.", "",
             "| target | value | goal | verdict |", "| --- | --- | --- | --- |"]
    for metric, goal, kind in TARGETS:
        value = lookup(quality, metric)
        if value is None:
            lines.append(f"| {metric} | n/a | {'<=' if kind == 'max' else '>='} {goal} | not measured |")
            continue
        ok = value <= goal if kind == "max" else value >= goal
        lines.append(f"| {metric} | {value:.3f} | {'<=' if kind == 'max' else '>='} {goal} | "
                     f"{'met' if ok else 'MISSED'} |")
    lines += ["", "| style | n | filler | blanks/stem | 3+ blanks | leakage | invalid opts | duplicate opts | "
              "distractor cos | distinct stems |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for style, q in [*quality.by_style.items(), ("all", quality.overall)]:
        close = "-" if q.distractor_closeness is None else f"{q.distractor_closeness:.2f}"
        lines.append(f"| {style} | {q.n} | {q.filler_rate:.3f} | {q.blanks_per_stem:.2f} | "
                     f"{q.three_plus_blanks_rate:.3f} | {q.leakage_rate:.3f} | {q.invalid_option_rate:.3f} | "
                     f"{q.duplicate_option_rate:.3f} | {close} | {q.distinct_stems:.2f} |")
    lines.append(f"\nDistinct answers: {quality.distinct_answers:.2f} of questions.")
    if rated := quality.hand_rated:
        rubric = ", ".join(f"{k} {v:.2f}" for k, v in rated.by_rubric.items())
        styles = ", ".join(f"{k} {v:.2f}" for k, v in rated.by_style.items())
        lines += ["", f"Hand-rated set: {rated.n} questions, pass rate {rated.pass_rate:.3f} "
                      f"(by rubric line: {rubric}; by style: {styles})."]
    lines += ["", "Questions breaking a hard rule:", ""] + ([f"- {f}" for f in quality.failures[:20]] or ["None."])
    return lines + [""]
