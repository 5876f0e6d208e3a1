"""The "Students' questions" part of the evaluation report: its summary, its Markdown section,
its per-request JSON lines and the refusal threshold plot."""

from __future__ import annotations

import json
from pathlib import Path

from eval.students_metrics import COVERAGE_LABELS, FALSE_REFUSAL_TARGET, StudentsSummary, hit3, summarize_students
from eval.students_run import Observation, StudentsRun
from eval.tables import Target, fmt, lookup, markdown_table, target_rows

# Issue 9's targets, on the test split.
TARGETS: list[Target] = [
    ("intent_accuracy", 0.97, "min"), ("follow_up_hit@3", 0.92, "min"),
    ("change_of_subject_hit@3", 0.95, "min"), ("refusal.recall", 0.97, "min"),
    ("refusal.false_rate", 0.02, "max"), ("questions.hit@5", 0.97, "min"), ("questions.hit@1", 0.90, "min"),
    ("answer_topic_precision", 0.95, "min"), ("faithfulness", 0.97, "min"), ("coverage.accuracy", 0.90, "min"),
]
# Beside coverage accuracy, which the small coverage set measures: how often any in-course answer
# opens with "The course does not explain ..." (ours, not the issue's; no target).
MEASURES = ["coverage.false_partial_rate"]
KIND_ORDER = ["first", "follow_up", "quiz_on_that", "change_of_subject", "out_of_scope", "syllabus", "progress",
              "intents", "questions", "coverage"]
KIND_HEADER = ["kind", "n", "hit@3", "intent acc.", "week acc.", "refused", "answer topic prec.", "faithfulness"]
SHORT_KIND_HEADER = ["kind", "n", "hit@3", "intent", "week", "refused", "topic", "faith."]  # fits 80 columns
ITEMS_FILE = "students_items.jsonl"
CURVE_FILE = "refusal_curve.png"


def students_summary(run: StudentsRun) -> StudentsSummary:
    return summarize_students(run.observations, run.curve_observations())


def students_document(run: StudentsRun) -> dict:
    """The "students" key of summary.json."""
    return {**students_summary(run).model_dump(by_alias=True), "split": run.split or "all"}


def target_table(run: StudentsRun) -> tuple[list[str], list[list[str]]]:
    document = students_document(run)
    measured = [[path, fmt(lookup(document, path)), "-", "-"] for path in MEASURES]
    return ["metric", "value", "target", "verdict"], target_rows(document, TARGETS) + measured


def kind_table(run: StudentsRun, short: bool = False) -> tuple[list[str], list[list[str]]]:
    """One row per kind of request: conversation turn kinds, then the single-request sets."""
    summary = students_summary(run)
    rows = []
    for kind in sorted(summary.by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k)):
        s = summary.by_kind[kind]
        rows.append([kind, str(s.n), fmt(s.hit_at_3), fmt(s.intent_accuracy), fmt(s.week_accuracy),
                     fmt(s.refused), fmt(s.answer_topic_precision), fmt(s.faithfulness)])
    return SHORT_KIND_HEADER if short else KIND_HEADER, rows


def student_tables(run: StudentsRun) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of the tables a terminal shows: the targets, then per kind."""
    split = run.split or "all"
    return [(f"Students' questions (split {split}): targets", *target_table(run)),
            (f"Students' questions (split {split}): per kind (topic = answer topic precision)",
             *kind_table(run, short=True))]


def markdown_section(run: StudentsRun) -> list[str]:
    s = students_summary(run)
    lines = ["## Students' questions", "",
             f"Requests written blind by people who never saw the code (split: {run.split or 'all'}): "
             f"{s.n['conversations']} conversations ({s.n['turns']} turns), {s.n['intents']} intent phrasings, "
             f"{s.n['questions']} single questions, {s.n['coverage']} near misses. Conversations are asked "
             "turn by turn with the conversation so far as history.", ""]
    lines += markdown_table(*target_table(run))
    lines += ["", "### Per kind", ""] + markdown_table(*kind_table(run))
    lines += ["", "### Intent phrasings by voice (intent accuracy) and single questions by voice (hit@5)", ""]
    voices = sorted(set(s.intents.by_voice) | set(s.questions.by_voice))
    lines += markdown_table(["voice", "intent accuracy", "question hit@5"],
                            [[v, fmt(s.intents.by_voice.get(v)), fmt(s.questions.by_voice.get(v))] for v in voices])
    lines += ["", f"Intent phrasings: week accuracy {fmt(s.intents.week_accuracy)}, count accuracy "
              f"{fmt(s.intents.count_accuracy)}, topic hit@3 {fmt(s.intents.topic_hit_at_3)} (where labelled). "
              f"Single questions: hit@1 {fmt(s.questions.hit_at_1)}, hit@3 {fmt(s.questions.hit_at_3)}, "
              f"hit@5 {fmt(s.questions.hit_at_5)}, MRR {fmt(s.questions.mrr)}.", ""]
    lines += [f"### Coverage labels (accuracy {fmt(s.coverage.accuracy)}; rows expected, columns given; "
              "a refusal is `none`, `-` no label)", "",
              f"False partials: {fmt(s.coverage.false_partial_rate)} of the {s.coverage.in_course_answers} answers "
              "to in-course questions (all sets) are labelled partial, so open by saying the course does not "
              "explain what was asked.", ""]
    lines += markdown_table(["expected"] + list(COVERAGE_LABELS),
                            [[e] + [str(s.coverage.confusion.get(e, {}).get(p, 0)) for p in COVERAGE_LABELS]
                             for e in COVERAGE_LABELS[:3]])
    lines += ["", "### Refusals by set", ""]
    lines += markdown_table(["set", "recall", "false refusals"],
                            [[name, fmt(r.recall), fmt(r.false_rate)] for name, r in s.refusal_by_set.items()])
    lines += ["", "### Refusal threshold (dev split)", ""] + _curve_lines(s)
    lines += ["", "### Failing requests", ""] + failures(run.observations)
    return lines + [""]


def _curve_lines(summary: StudentsSummary) -> list[str]:
    curve = summary.refusal_curve
    if curve is None:
        return ["Not drawn: the assistant reports no `scope_score` (or the dev split lacks a class)."]
    lines = [f"Refusing when `scope_score` < t, swept over {curve.n} dev requests: `{CURVE_FILE}`. The "
             "assistant refuses below its threshold, except that a question just under it naming a term "
             "the course lacks is answered as partial. Its own refusals of the same requests (the star): "
             f"precision {fmt(curve.operating_precision)}, recall {fmt(curve.operating.recall)}, "
             f"false refusals {fmt(curve.operating.false_rate)}.", ""]
    marks = [("best F1", curve.at(curve.best_f1_threshold) if curve.best_f1_threshold is not None else None),
             (f"most refused with false refusals <= {FALSE_REFUSAL_TARGET:.0%}",
              curve.at(curve.target_threshold) if curve.target_threshold is not None else None),
             ("the assistant's (`IN_SCOPE_MIN_SCORE`)", curve.assistant)]
    rows = [[name, fmt(p.threshold), fmt(p.precision), fmt(p.recall), fmt(p.false_rate)]
            for name, p in marks if p is not None]
    return lines + markdown_table(["threshold", "t", "precision", "recall", "false refusals"], rows)


def problems(o: Observation) -> list[str]:
    """What went wrong with one request, in words ([] if nothing)."""
    found = []
    if o.intent != o.expected_intent:
        found.append(f"routed to {o.intent}, expected {o.expected_intent}")
    elif hit3(o) == 0.0:
        found.append(f"expected {', '.join(o.expected_topics)}, got {', '.join(o.ranked[:3]) or 'nothing'}")
    if o.expected_week is not None and o.week != o.expected_week:
        found.append(f"week {o.week}, expected {o.expected_week}")
    if o.expected_count is not None and o.count != o.expected_count:
        found.append(f"{o.count} questions, expected {o.expected_count}")
    if o.expected_coverage and o.predicted_coverage != o.expected_coverage:
        found.append(f"coverage {o.predicted_coverage}, expected {o.expected_coverage}")
    return found


def failures(observations: list[Observation], limit: int = 40) -> list[str]:
    rows = [f"- `{o.id}` ({o.kind}): {'; '.join(found)}" for o in observations if (found := problems(o))]
    if not rows:
        return ["None."]
    more = [f"- ... and {len(rows) - limit} more (see `{ITEMS_FILE}`)"] if len(rows) > limit else []
    return rows[:limit] + more


def write_students(run: StudentsRun, out: Path) -> None:
    """The per-request JSON lines (with what went wrong) and the refusal curve plot."""
    with (out / ITEMS_FILE).open("w", encoding="utf-8") as sink:
        for o in run.observations:
            sink.write(json.dumps({**o.model_dump(), "problems": problems(o)}) + "\n")
    curve = students_summary(run).refusal_curve
    if curve is not None:
        _plot_curve(curve, out / CURVE_FILE)


def _plot_curve(curve, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    thresholds = [p.threshold for p in curve.points]
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    left.plot(thresholds, [p.precision if p.precision is not None else float("nan") for p in curve.points],
              label="precision", color="#4C72B0")
    left.plot(thresholds, [p.recall for p in curve.points], label="recall", color="#C44E52")
    left.plot(thresholds, [p.false_rate for p in curve.points], label="false refusals", color="#DD8452")
    marks = [(curve.best_f1_threshold, "gray", "--", "best F1"),
             (curve.target_threshold, "#55A868", ":", f"most refused, false <= {FALSE_REFUSAL_TARGET:.0%}"),
             (curve.assistant.threshold if curve.assistant else None, "black", "-", "the assistant's")]
    for threshold, color, style, name in marks:
        if threshold is not None:
            left.axvline(threshold, color=color, linestyle=style, linewidth=1, label=f"{name}, t = {threshold:.3f}")
    left.set(xlabel="refuse when scope_score < t", ylabel="share", ylim=(0, 1.05),
             title="Refusal on the dev split")
    left.legend(loc="lower left", fontsize=8)
    right.plot([p.recall for p in curve.points], [p.precision for p in curve.points], color="#4C72B0")
    if curve.operating_precision is not None and curve.operating.recall is not None:
        right.scatter([curve.operating.recall], [curve.operating_precision], marker="*", s=160,
                      color="#C44E52", zorder=3, label="the assistant's refusals")
        right.legend(loc="lower left", fontsize=8)
    right.set(xlabel="recall", ylabel="precision", xlim=(0, 1.05), ylim=(0, 1.05), title="Precision against recall")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
