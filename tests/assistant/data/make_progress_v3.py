"""Writes progress-v3.sqlite3 with the progress store as it was before the Leitner table went
(schema 3, commit 2f92d31): quiz answers that moved Leitner boxes and FSRS cards, flashcard
ratings and the card cache, so the migration test reads a database made by the old code.

Run from the repository root: python tests/assistant/data/make_progress_v3.py
"""

import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

OLD_COMMIT = "2f92d31"
HERE = Path(__file__).parent

# Runs with the old commit's packages first on the path.
WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.progress import ProgressStore, QuizAttempt
from assistant.review import Reviewer
from core.course import load_course

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
# (topic, right?, days after T0, seconds taken or None): four topics over three weeks.
HISTORY = [("w01-t01", True, 0, 8.0), ("w01-t01", True, 1, 30.0), ("w01-t01", False, 4, None),
           ("w01-t01", True, 5, 12.0), ("w02-t15", True, 0, None), ("w02-t15", True, 2, 5.0),
           ("w02-t15", True, 6, 70.0), ("w05-t11", False, 1, 20.0), ("w05-t11", True, 2, None),
           ("w03-t02", True, 3, 9.0), ("w01-t02", False, 7, None)]
target = Path(sys.argv[1])
store = ProgressStore(target)
for topic_id in ("w01-t01", "w02-t15", "w05-t11", "w07-t01"):
    store.mark_studied(topic_id, at=T0)
for n, (topic_id, right, days, seconds) in enumerate(HISTORY):
    store.record_attempt(QuizAttempt(
        topic_id=topic_id, week=int(topic_id[1:3]), question_id=f"{topic_id}-cloze-{n}",
        question_type="cloze", correct=right, score=float(right), response=f"answer {n}",
        answered_at=T0 + timedelta(days=days), duration_s=seconds))
reviewer = Reviewer(store, load_course())
reviewer.due(now=T0 + timedelta(days=8))  # builds and caches the studied topics' cards
reviewer.rate("w07-t01/topic", 3, at=T0 + timedelta(days=8))
reviewer.rate("w05-t11/topic", 4, at=T0 + timedelta(days=8), duration_s=4.0)
assert store.schema_version == 3
"""


def main() -> None:
    archive = subprocess.run(["git", "archive", OLD_COMMIT, "assistant", "core", "ingest"], check=True,
                             capture_output=True).stdout
    target = HERE / "progress-v3.sqlite3"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        subprocess.run([sys.executable, "-c", WRITER, str(target)], check=True, cwd=folder,
                       env={"PYTHONPATH": folder, "PATH": "/usr/bin:/bin"})
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
