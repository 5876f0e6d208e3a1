"""Reading a SQLite file the way a user's tools would: a fresh connection, closed after."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def rows(path: Path, query: str) -> list[tuple]:
    """Every row `query` returns from the database at `path`."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()
