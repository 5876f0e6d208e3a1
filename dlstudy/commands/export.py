"""`dlstudy export`: the course's flashcards for Anki (.apkg) or a spreadsheet (.csv)."""

from __future__ import annotations

from pathlib import Path

import click

from core.errors import UserError
from dlstudy.commands.study import course_of
from dlstudy.options import common_options, emit_json, make_settings, week_option
from dlstudy.render import err_console

_FILE = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.option("--anki", "apkg", type=_FILE, metavar="FILE.apkg", help="Write an Anki package.")
@click.option("--csv", "csv_path", type=_FILE, metavar="FILE.csv", help="Write a CSV file.")
@week_option
@common_options
def export(apkg: Path | None, csv_path: Path | None, week: int | None, data_dir: Path | None,
           chroma_url: str | None, json_output: bool) -> None:
    """Export the course's flashcards (all weeks, or --week N) with their sources.

    Re-exporting and importing into Anki again updates the same notes instead of adding copies.
    """
    if apkg is None and csv_path is None:
        raise UserError("say where to export: dlstudy export --anki cards.apkg (or --csv cards.csv)")
    from assistant.anki_export import write_apkg, write_csv  # here, so `dlstudy --help` starts fast
    from assistant.flashcards import build_deck, indexed_articles

    settings = make_settings(data_dir, chroma_url)
    course = course_of(settings)
    cards = build_deck(course, indexed_articles(settings, course), week=week)
    written = {}
    if apkg is not None:
        written["anki"] = {"path": str(apkg), "notes": write_apkg(course, cards, apkg)}
    if csv_path is not None:
        written["csv"] = {"path": str(csv_path), "rows": write_csv(cards, csv_path)}
    if json_output:
        emit_json({"cards": len(cards), "week": week,
                   "by_kind": {kind: sum(c.kind == kind for c in cards) for kind in ("topic", "term")},
                   **written})
        return
    for target in written.values():
        err_console().print(f"Wrote {len(cards)} cards to {target['path']}", markup=False)
