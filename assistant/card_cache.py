"""Built flashcards, kept in the progress database so a review does not rebuild them.

Building a topic's cards needs the text tools and, for key-term cards, the article text in the
index; a review shows a few dozen cards, so it reads them from here instead. Each row is keyed by
the topic and a signature of what its cards were built from (the card format, the topic's text,
the indexed pages), so any change rebuilds that topic's cards on next use. Derived data only:
deleting every row loses nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

TABLE = """CREATE TABLE card_cache (
    topic_id  TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    cards     TEXT NOT NULL
)"""


def load(connection: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Topic id -> (signature, its cards as JSON)."""
    return {topic_id: (signature, cards)
            for topic_id, signature, cards in connection.execute("SELECT topic_id, signature, cards FROM card_cache")}


def save(connection: sqlite3.Connection, rows: Mapping[str, tuple[str, str]]) -> None:
    connection.executemany("INSERT OR REPLACE INTO card_cache (topic_id, signature, cards) VALUES (?, ?, ?)",
                           [(topic_id, signature, cards) for topic_id, (signature, cards) in rows.items()])
