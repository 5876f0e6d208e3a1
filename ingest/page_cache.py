"""The on-disk page cache: the last good copy of every fetched page, for offline runs and
conditional requests.

One JSON file per URL, named by the URL's sha256. Writes go to a temp file in the same
directory, are fsynced and then renamed over the old file, so a crash (even SIGKILL) leaves
either the old copy or the new one, never a torn file. A file that cannot be read back is a
cache miss: the page is fetched again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ingest.models import FetchedPage


class CachedPage(BaseModel):
    """What a cache file holds."""

    url: str
    final_url: str
    html: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime


class PageCache:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, url: str) -> Path:
        return self.root / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.json"

    def get(self, url: str) -> FetchedPage | None:
        """The cached copy of `url` (status `cached`), or None if absent or unreadable."""
        record = self.record(url)
        if record is None:
            return None
        return FetchedPage(url=record.url, final_url=record.final_url, status="cached", html=record.html,
                           etag=record.etag, last_modified=record.last_modified)

    def record(self, url: str) -> CachedPage | None:
        """The cache file of `url` with its fetch time; None if absent, corrupt or for another URL."""
        try:
            record = CachedPage.model_validate_json(self.path_for(url).read_bytes())
        except (OSError, ValidationError):
            return None
        return record if record.url == url else None

    def put(self, page: FetchedPage) -> None:
        """Store `page` as the cached copy of its URL, atomically."""
        record = CachedPage(url=page.url, final_url=page.final_url, html=page.html, etag=page.etag,
                            last_modified=page.last_modified, fetched_at=datetime.now(UTC))
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.path_for(page.url)
        fd, temp_name = tempfile.mkstemp(dir=self.root, prefix=f".{target.stem[:16]}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(record.model_dump_json().encode("utf-8"))
                temp.flush()
                os.fsync(temp.fileno())
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_dir(self.root)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
