"""Writes progress-v1.sqlite3 with the progress store as it was before FSRS (schema 1, commit
d1c9e1f), so the migration test reads a database made by the old code, not by the new one.

Run from the repository root: python tests/assistant/data/make_progress_v1.py
"""

import importlib.util
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

OLD_COMMIT = "d1c9e1f"
HERE = Path(__file__).parent
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
# (topic, right?, days after T0): a mixed history over four topics and three weeks.
HISTORY = [("w01-t01", True, 0), ("w01-t01", True, 1), ("w01-t01", False, 4), ("w01-t01", True, 5),
           ("w02-t15", True, 0), ("w02-t15", True, 2), ("w02-t15", True, 6),
           ("w05-t11", False, 1), ("w05-t11", False, 1.01), ("w05-t11", True, 2),
           ("w03-t02", True, 3), ("w01-t02", False, 7)]


def main() -> None:
    source = subprocess.run(["git", "show", f"{OLD_COMMIT}:assistant/progress.py"], check=True,
                            capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        module_path = Path(folder) / "old_progress.py"
        module_path.write_text(source)
        spec = importlib.util.spec_from_file_location("old_progress", module_path)
        old = importlib.util.module_from_spec(spec)
        sys.modules["old_progress"] = old
        spec.loader.exec_module(old)
    target = HERE / "progress-v1.sqlite3"
    target.unlink(missing_ok=True)
    store = old.ProgressStore(target)
    for topic_id in ("w01-t01", "w02-t15", "w05-t11", "w07-t01"):
        store.mark_studied(topic_id, at=T0)
    for n, (topic_id, right, days) in enumerate(HISTORY):
        store.record_attempt(old.QuizAttempt(
            topic_id=topic_id, week=int(topic_id[1:3]), question_id=f"{topic_id}-cloze-{n}",
            question_type="cloze", correct=right, score=float(right), response=f"answer {n}",
            answered_at=T0 + timedelta(days=days)))
    assert store.schema_version == 1


if __name__ == "__main__":
    main()
