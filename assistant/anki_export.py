"""The course's flashcards as an Anki package (.apkg, written by genanki) or a CSV file.

Anki matches notes by GUID, so each note's GUID is derived from the card's identity (course and
card id): exporting again and re-importing updates the same notes instead of adding copies. The
deck is named after the course, one subdeck per week, and every note is tagged with its week and
topic. Fields are HTML in Anki, so course text is escaped: nothing from an article becomes markup.
"""

from __future__ import annotations

import csv
import hashlib
import html
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import genanki

from assistant.flashcards import Flashcard
from core.course import Course
from core.errors import UserError

# Fixed once: Anki tracks a note type by this id, so it must never change between exports.
MODEL_ID = 1_781_409_266
MODEL = genanki.Model(
    MODEL_ID, "dlstudy card",
    fields=[{"name": name} for name in ("Front", "Back", "Topic", "Week", "Source", "CardId")],
    templates=[{
        "name": "Card",
        "qfmt": "{{Front}}",
        "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<div class=source>Week {{Week}} · {{Topic}}"
                "<br>{{Source}}</div>",
    }],
    css=".card { font-family: sans-serif; font-size: 20px; text-align: left; }"
        " .source { margin-top: 1em; font-size: 14px; color: #666; }",
    sort_field_index=5,
)
CSV_COLUMNS = ("card_id", "kind", "week", "topic_id", "topic", "front", "back", "url", "source")


def deck_name(course: Course, week: int) -> str:
    """'<course>::Week 05 · CNN Models' (Anki's '::' makes the week a subdeck; none inside names)."""
    def clean(text: str) -> str:
        return text.replace("::", ":").strip()

    return f"{clean(course.title)}::Week {week:02d} · {clean(course.week(week).title)}"


def _stable_id(text: str) -> int:
    """A deck id in genanki's suggested range, the same for the same name on every export."""
    return (1 << 30) + int(hashlib.sha1(text.encode()).hexdigest(), 16) % (1 << 30)


def note_guid(course: Course, card: Flashcard) -> str:
    return genanki.guid_for("dlstudy", course.title, card.card_id)


def _note(course: Course, card: Flashcard) -> genanki.Note:
    source = html.escape(card.source.url) if card.source.url else "the course checklist"
    fields = [html.escape(card.front), html.escape(card.back), html.escape(card.source.topic),
              str(card.week), source, card.card_id]
    return genanki.Note(model=MODEL, fields=fields, guid=note_guid(course, card),
                        tags=["dlstudy", f"week{card.week:02d}", card.topic_id])


def write_apkg(course: Course, cards: Sequence[Flashcard], path: Path) -> int:
    """Write the cards as an Anki package at `path`; returns how many notes it holds."""
    if path.suffix.lower() != ".apkg":
        raise UserError(f"{path} does not end in .apkg; Anki imports only .apkg packages, "
                        f"so name it e.g. {path.with_suffix('.apkg').name}")
    decks: dict[int, genanki.Deck] = {}
    for card in cards:
        name = deck_name(course, card.week)
        deck = decks.setdefault(card.week, genanki.Deck(_stable_id(name), name))
        deck.add_note(_note(course, card))
    _write_atomically(path, lambda target: genanki.Package(list(decks.values())).write_to_file(str(target)))
    return len(cards)


def write_csv(cards: Sequence[Flashcard], path: Path) -> int:
    """Write the cards as CSV (one row per card, with its source); returns the row count."""
    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for card in cards:
                writer.writerow([card.card_id, card.kind, card.week, card.topic_id, card.source.topic,
                                 card.front, card.back, card.source.url, card.source.source])

    _write_atomically(path, write)
    return len(cards)


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write beside `path`, then rename: an interrupted export never leaves half a file behind."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"cannot write {path}: the folder {folder} does not exist; create it first")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
