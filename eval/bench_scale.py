"""Courses of 10x and 100x the checklist for `make bench`: does a start grow with the course?

The larger indexes are made from the 1x one without a network or a model run: each extra
passage is a topic's description followed by another topic's first sentence, and its vector the
normalised blend of the two descriptions' vectors (as near to a real passage as a bench needs,
and 17,000 of them are made in seconds). For each size: cold `dlstudy ask` (median of 5 fresh
processes, disk cache warm) with its peak resident memory, and warm retrieval p50/p95 over 100
questions. Targets at 100x: cold ask <= 2.5 s, warm p50 <= 25 ms, memory <= 1.2x the 1x course's.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

from assistant.service import Assistant
from core.course import Course
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.lexical import refresh_lexical_index
from ingest.models import Chunk, TopicRef
from ingest.store import ChunkStore

SCALES = (1, 10, 100)
TARGETS = {"cold_ask_s": 2.5, "retrieve_p50_ms": 25.0, "rss_over_1x": 1.2}


def grow_index(source: Path, target: Path, course: Course, scale: int) -> int:
    """A copy of the 1x index at `source` holding `scale` times its passages; returns the count."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("progress.sqlite3*"))
    settings = Settings(data_dir=target)
    store = ChunkStore(settings, Embedder(settings).model_id, create=False)
    topics = course.topics
    checklist = {c.chunk.topic_ids[0]: (c, v) for c, v in _with_vectors(store)}
    chunks, vectors = [], []
    for copy in range(1, scale):
        for n, topic in enumerate(topics):
            other = topics[(n * 7 + copy * 31) % len(topics)]
            (mine, mine_vector), (theirs, their_vector) = checklist[topic.id], checklist[other.id]
            sentence = theirs.chunk.text.split(". ")[0]
            chunks.append(Chunk(text=f"{mine.chunk.text} {sentence}.", source="article",
                                url=f"https://bench.invalid/{topic.id}/{copy}", heading=f"{topic.title} {copy}",
                                chunk_index=copy, topics=(TopicRef(topic_id=topic.id, week=topic.week,
                                                                   title=topic.title),)))
            blend = np.asarray(mine_vector) + 0.5 * np.asarray(their_vector)
            vectors.append((blend / np.linalg.norm(blend)).tolist())
    store.add(chunks, vectors)
    refresh_lexical_index(settings, store)
    return store.count()


def _grow_in_fresh_process(source: Path, target: Path, scale: int) -> int:
    """As ingest does: the writing process ends before anyone asks (a writer that stays open
    leaves Chroma's log for every reader to replay, which is not what a student's shell sees)."""
    command = [sys.executable, "-m", "eval.bench_scale", "--grow", str(source), str(target), str(scale)]
    return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def _cold_ask_from_small_process(data_dir: Path) -> dict:
    """`cold_ask` (eval/bench_cold) run by a small helper: Linux counts a parent's memory at fork in a child's
    peak, so children of this (by now large) process would report this process's size."""
    command = [sys.executable, "-m", "eval.bench_cold", "--ask", str(data_dir)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def _with_vectors(store: ChunkStore) -> list:
    stored = [c for c in store.chunks() if c.chunk.source == "checklist"]
    found = store.get([c.id for c in stored])
    return [(c, found[c.id][1]) for c in stored]


def warm_retrieval(data_dir: Path, course: Course, n: int = 100) -> dict:
    assistant = Assistant(Settings(data_dir=data_dir), course, provider="extractive")
    assistant.ask("What does this course cover in deep learning?")  # warm-up, not measured
    times = [assistant.ask(f"Can you explain {t.title} to me?").timings_ms.retrieve for t in course.topics[:n]]
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {"retrieve_p50_ms": round(statistics.median(times), 2), "retrieve_p95_ms": round(cuts[94], 2)}


def bench_scale(settings: Settings, course: Course, scales: tuple[int, ...] = SCALES) -> dict:
    """Per scale: passages, cold ask, its memory, warm retrieval; ratios against 1x."""
    results = {}
    for scale in scales:
        data_dir = settings.data_dir.with_name(f"{settings.data_dir.name}-x{scale}")
        chunks = _grow_in_fresh_process(settings.data_dir, data_dir, scale)
        results[scale] = {"chunks": chunks, **_cold_ask_from_small_process(data_dir),
                          **warm_retrieval(data_dir, course)}
        shutil.rmtree(data_dir, ignore_errors=True)
    base = results[scales[0]]["rss_mb"]
    for result in results.values():
        result["rss_over_1x"] = round(result["rss_mb"] / base, 2)
    return results


def scale_rows(results: dict) -> list[tuple[str, str, str]]:
    rows = []
    for scale, r in results.items():
        last = scale == max(results)
        rows.append((f"{scale}x course ({r['chunks']} passages): cold ask, median of 5",
                     f"{r['cold_ask_s']} s (the first after the index was written: {r['first_ask_s']} s)",
                     f"<= {TARGETS['cold_ask_s']} s" if last else ""))
        rows.append((f"{scale}x course: warm retrieval p50 / p95",
                     f"{r['retrieve_p50_ms']} / {r['retrieve_p95_ms']} ms",
                     f"p50 <= {TARGETS['retrieve_p50_ms']:g} ms" if last else ""))
        rows.append((f"{scale}x course: peak memory of ask", f"{r['rss_mb']} MB = {r['rss_over_1x']}x the 1x",
                     f"<= {TARGETS['rss_over_1x']}x" if last else ""))
    return rows


if __name__ == "__main__":  # python -m eval.bench_scale DATA_DIR: a built 1x index
    from core.course import load_course

    if sys.argv[1] == "--grow":
        print(grow_index(Path(sys.argv[2]), Path(sys.argv[3]), load_course(), int(sys.argv[4])))
    else:
        print(json.dumps(bench_scale(Settings(data_dir=Path(sys.argv[1])), load_course()), indent=2))
