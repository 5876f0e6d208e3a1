"""`dlstudy review` and `dlstudy export` as a user runs them, on a real offline index and a real
progress database; the Anki package is imported by Anki's own backend (the `anki` package)."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.progress import ProgressStore, QuizAttempt
from core.course import load_course
from tests.dlstudy.conftest import RunCli, one_line_error
from tests.support.terminal import on_terminal

COURSE = load_course()


def due_list(run_cli: RunCli, data_dir: Path, *args: str) -> dict:
    result = run_cli("review", "--json", "--data-dir", str(data_dir), *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def answered(data_dir: Path, topic_id: str, correct: bool, days_ago: float) -> None:
    """A quiz answer recorded `days_ago`, as `dlstudy quiz` records it."""
    ProgressStore(data_dir / "progress.sqlite3").record_attempt(QuizAttempt(
        topic_id=topic_id, week=COURSE.topic(topic_id).week, question_id=f"{topic_id}-q", question_type="mcq",
        correct=correct, score=float(correct), response="x",
        answered_at=datetime.now(UTC) - timedelta(days=days_ago)))


def test_nothing_is_due_before_anything_is_studied_or_quizzed(run_cli: RunCli, data_dir: Path) -> None:
    assert due_list(run_cli, data_dir) == {"due": [], "due_count": 0, "next_due": None}


def test_review_json_lists_quizzed_and_studied_topics_cards(run_cli: RunCli, data_dir: Path) -> None:
    answered(data_dir, "w02-t15", False, days_ago=2)  # a wrong answer two days ago: due again
    answered(data_dir, "w03-t01", True, days_ago=0)  # just answered right: due in days, not today
    assert run_cli("study", "--done", "w05-t11", "--data-dir", str(data_dir)).exit_code == 0

    document = due_list(run_cli, data_dir)

    assert [card["card_id"] for card in document["due"]] == ["w02-t15/topic", "w05-t11/topic"]
    assert document["due_count"] == 2
    first, new = document["due"]
    assert {"card_id", "topic_id", "week", "front", "back", "due"} <= set(first)
    assert (first["topic_id"], first["week"], first["state"]) == ("w02-t15", 2, "learning")
    assert datetime.fromisoformat(first["due"]) <= datetime.now(UTC)
    assert new["due"] is None and new["state"] == "new"
    assert "AlexNet" not in new["front"] and new["back"].startswith("AlexNet: ")
    assert new["source"] == {"week": 5, "topic_id": "w05-t11", "topic": "AlexNet", "source": "checklist",
                             "url": COURSE.topic("w05-t11").urls[0]}
    assert datetime.fromisoformat(document["next_due"]) > datetime.now(UTC)  # w03-t01's card

    assert [c["card_id"] for c in due_list(run_cli, data_dir, "--week", "5")["due"]] == ["w05-t11/topic"]
    assert [c["card_id"] for c in due_list(run_cli, data_dir, "--topic", "alexnet")["due"]] == ["w05-t11/topic"]
    assert due_list(run_cli, data_dir, "--week", "4")["due"] == []


@pytest.mark.parametrize(("args", "fragment"), [
    (("--week", "14"), "week 14"),
    (("--topic", "no such topic at all"), "no topic is called"),
    (("--topic", "w05-t11", "--week", "4"), "not week 4"),
])
def test_bad_review_arguments_are_one_line_errors(run_cli: RunCli, data_dir: Path, args, fragment) -> None:
    one_line_error(run_cli("review", "--data-dir", str(data_dir), *args), fragment)


def test_review_without_a_terminal_prints_the_due_list(run_cli: RunCli, data_dir: Path) -> None:
    answered(data_dir, "w02-t15", False, days_ago=2)
    result = run_cli("review", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 card to review today:"
    assert "w02-t15/topic  week 2 · " in result.stdout


def test_an_interactive_review_shows_reveals_and_records_the_rating(data_dir: Path) -> None:
    answered(data_dir, "w02-t15", False, days_ago=2)
    shown, _ = on_terminal(["review", "--data-dir", str(data_dir)], answers=["", "3"], term="dumb", timeout_s=120)
    transcript = shown.replace("\r\n", "\n")
    front, _, back = transcript.partition("Press Enter to show the answer")
    assert "Card 1/1" in front and COURSE.topic("w02-t15").title not in front
    assert COURSE.topic("w02-t15").title in back  # revealed only after Enter
    assert "Reviewed 1 of 1 cards." in transcript
    with sqlite3.connect(data_dir / "progress.sqlite3") as connection:
        log = connection.execute("SELECT card_id, source, rating FROM review_log ORDER BY id").fetchall()
    assert log == [("w02-t15/topic", "quiz", 1), ("w02-t15/topic", "flashcard", 3)]


# -- export ---------------------------------------------------------------------------------------

def import_into_anki(collection_path: Path, package: Path) -> tuple[int, int]:
    """Import `package` into the Anki collection at `collection_path`: (notes added, notes in all)."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    collection = Collection(str(collection_path))
    try:
        log = collection.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions(update_notes=1))).log
        return len(log.new), collection.note_count()
    finally:
        collection.close()


def anki_notes(collection_path: Path, query: str = "") -> list[tuple[str, list[str], list[str], str]]:
    """(GUID, fields, tags, deck name) of every note matching `query`."""
    from anki.collection import Collection

    collection = Collection(str(collection_path))
    try:
        notes = []
        for note_id in collection.find_notes(query):
            note = collection.get_note(note_id)
            deck = collection.decks.name(note.cards()[0].did)
            notes.append((note.guid, list(note.fields), list(note.tags), deck))
        return notes
    finally:
        collection.close()


def test_anki_imports_one_note_per_card_and_a_re_export_adds_none(run_cli: RunCli, data_dir: Path,
                                                                   tmp_path: Path) -> None:
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    result = run_cli("export", "--anki", str(first), "--json", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["cards"] == 173 and summary["anki"]["notes"] == 173  # one card per topic offline

    collection = tmp_path / "anki" / "collection.anki2"
    collection.parent.mkdir()
    assert import_into_anki(collection, first) == (173, 173)
    notes = anki_notes(collection)
    assert sorted(fields[5] for _, fields, _, _ in notes) == sorted(t.id + "/topic" for t in COURSE.topics)
    alexnet = next(n for n in notes if n[1][5] == "w05-t11/topic")
    assert alexnet[3] == "Deep Learning Checklist: 13 Months course::Week 05 · CNN Models"
    assert {"week05", "w05-t11"} <= set(alexnet[2])
    assert "AlexNet" not in alexnet[1][0] and alexnet[1][1].startswith("AlexNet: ")

    assert run_cli("export", "--anki", str(second), "--data-dir", str(data_dir)).exit_code == 0
    assert import_into_anki(collection, second) == (0, 173)  # same GUIDs: updated, not duplicated
    assert sorted(n[0] for n in anki_notes(collection)) == sorted(n[0] for n in notes)


def test_csv_export_of_one_week_has_every_card_with_its_source(run_cli: RunCli, data_dir: Path,
                                                               tmp_path: Path) -> None:
    target = tmp_path / "week5.csv"
    result = run_cli("export", "--csv", str(target), "--week", "5", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["topic_id"] for row in rows] == [t.id for t in COURSE.week(5).topics]
    alexnet = next(row for row in rows if row["topic_id"] == "w05-t11")
    assert (alexnet["week"], alexnet["topic"], alexnet["url"]) == ("5", "AlexNet", COURSE.topic("w05-t11").urls[0])
    assert "AlexNet" not in alexnet["front"]


@pytest.mark.parametrize(("args", "fragment"), [
    ((), "say where to export"),
    (("--anki", "cards.txt"), "does not end in .apkg"),
    (("--csv", "no/such/folder/cards.csv"), "does not exist"),
    (("--csv", "cards.csv", "--week", "0"), "week 0"),
])
def test_bad_export_arguments_are_one_line_errors(run_cli: RunCli, data_dir: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, args, fragment) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    one_line_error(run_cli("export", "--data-dir", str(data_dir), *args), fragment)
    assert list(out.iterdir()) == []  # nothing half-written
