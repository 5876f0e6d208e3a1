"""The Anki package as Anki itself reads it (the `anki` package is Anki's own backend): course text
stays text, weeks become subdecks, and GUIDs depend only on the card's identity."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from assistant.anki_export import note_guid, write_apkg
from assistant.flashcards import CardSource, Flashcard, build_deck
from core.course import load_course

COURSE = load_course()
MARKUP = '<img src=x onerror="alert(1)"> <b>bold</b> & <script>alert(2)</script>'


def test_card_text_is_shown_as_text_in_anki_never_as_markup(tmp_path: Path) -> None:
    card = Flashcard(card_id="w05-t11/term-abc", kind="term", topic_id="w05-t11", week=5,
                     front=f"Fill in the key term: {MARKUP}", back=f"AlexNet: {MARKUP}",
                     source=CardSource(week=5, topic_id="w05-t11", topic="AlexNet", source="article",
                                       url='https://iq.opengenus.org/alexnet/"><script>x</script>'))
    package = tmp_path / "cards.apkg"
    write_apkg(COURSE, [card, *build_deck(COURSE, week=1)], package)

    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions()))
        [note_id] = collection.find_notes('"CardId:w05-t11/term-abc"')
        rendered = collection.get_note(note_id).cards()[0]
        question, answer = rendered.question(), rendered.answer()
        decks = sorted(name.name for name in collection.decks.all_names_and_ids())
    finally:
        collection.close()
    for html in (question, answer):
        assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x" in question and "&lt;script&gt;" in answer
    assert decks == sorted(["Default", COURSE.title, f"{COURSE.title}::Week 01 · Basics of DL",
                            f"{COURSE.title}::Week 05 · CNN Models"])


def test_a_guid_depends_on_the_card_identity_not_its_text() -> None:
    card = build_deck(COURSE, week=5)[10]
    reworded = card.model_copy(update={"front": "another wording", "back": "another answer"})
    other = build_deck(COURSE, week=5)[11]
    assert note_guid(COURSE, card) == note_guid(COURSE, reworded) != note_guid(COURSE, other)
