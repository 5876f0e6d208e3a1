"""The course of an index (core.course): recorded at ingest, read back by every command, one
progress database per course."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.course import course_for, load_course, progress_path, record_course
from core.errors import UserError
from core.settings import DataPaths
from tests.support.courses import ML_CHECKLIST, ml_course


def test_a_data_dir_without_an_index_has_the_bundled_course(tmp_path: Path):
    assert course_for(DataPaths(tmp_path / "nothing-here")) == load_course()


def test_the_recorded_course_is_read_back_and_follows_an_update(tmp_path: Path):
    paths = DataPaths(tmp_path)
    record_course(paths, ml_course())
    assert course_for(paths) == ml_course()
    longer = ML_CHECKLIST.read_text(encoding="utf-8").replace(
        "\n---", "4. **Random Forests**<br>  Many decision trees, each on a sample of the data, vote.\n---")
    edited = tmp_path / "edited.md"
    edited.write_text(longer, encoding="utf-8")
    record_course(paths, load_course(edited))  # same title: the same course, updated
    assert [t.title for t in course_for(paths).week(2).topics][-1] == "Random Forests"
    assert not list(tmp_path.glob(".course-*"))  # the record is replaced whole, no temp file left


def test_another_course_is_refused_unless_replaced(tmp_path: Path):
    paths = DataPaths(tmp_path)
    record_course(paths, ml_course())
    with pytest.raises(UserError, match=r'holds the index of "Machine Learning Basics.*not "Deep Learning'
                                        r'.*--rebuild.*another --data-dir'):
        record_course(paths, load_course())
    assert course_for(paths) == ml_course()
    record_course(paths, load_course(), replace=True)
    assert course_for(paths) == load_course()


def test_an_index_made_before_courses_were_recorded_is_the_bundled_courses(tmp_path: Path):
    paths = DataPaths(tmp_path)
    paths.manifest.write_bytes(b"")  # what an older dlstudy left: an index, no course record
    assert course_for(paths) == load_course()
    with pytest.raises(UserError, match="--rebuild"):
        record_course(paths, ml_course())


def test_an_unreadable_record_is_one_line_naming_the_file_and_the_fix(tmp_path: Path):
    paths = DataPaths(tmp_path)
    paths.course.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match=rf"{paths.course}.*dlstudy ingest --rebuild"):
        course_for(paths)
    record_course(paths, ml_course(), replace=True)  # the fix it names works
    assert course_for(paths) == ml_course()


def test_each_course_keeps_its_own_progress(tmp_path: Path):
    paths = DataPaths(tmp_path)
    assert progress_path(paths, load_course()) == tmp_path / "progress.sqlite3"  # where it always was
    other = progress_path(paths, ml_course())
    assert other.parent == tmp_path / "progress" and other != paths.progress
    assert ml_course().id != load_course().id
