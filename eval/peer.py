"""The peer: the tutorial LangChain RAG over the raw checklist, measured on our Q&A set.

Whole checklist file -> RecursiveCharacterTextSplitter(1000, 200) -> MiniLM -> Chroma top-5,
no week awareness, no refusals. Its retrieved chunks are mapped to topic ids by where they sit
in the file (a chunk covers every topic whose text it overlaps, in file order), so the same
retrieval metrics apply to both systems.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from importlib import resources

from langchain_text_splitters import RecursiveCharacterTextSplitter

from core.course import BUNDLED_CHECKLIST, topic_id
from core.settings import Settings
from eval.dataset import QAItem
from eval.metrics import ItemResult, latency_scores, summarize
from eval.run import EvalRun, StageLatency
from ingest.embedding import Embedder

_WEEK = re.compile(r"^\*\*Week\s+(\d+):", re.MULTILINE)
_TOPIC = re.compile(r"^(\d+)\.\s+\*\*", re.MULTILINE)


def topic_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, topic id) for every topic's stretch of the raw file."""
    starts: list[tuple[int, str]] = []
    weeks = [(m.start(), int(m.group(1))) for m in _WEEK.finditer(text)]
    for match in _TOPIC.finditer(text):
        week = max((w for w in weeks if w[0] < match.start()), default=None)
        if week:
            starts.append((match.start(), topic_id(week[1], int(match.group(1)))))
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return [(start, end, tid) for (start, tid), end in zip(starts, ends, strict=True)]


class PeerRag:
    def __init__(self, embedder: Embedder) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.text = resources.files("core.data").joinpath(BUNDLED_CHECKLIST).read_text(encoding="utf-8")
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        documents = splitter.create_documents([self.text])
        spans = topic_spans(self.text)
        self.chunk_topics = []
        for doc in documents:
            start = doc.metadata["start_index"]
            end = start + len(doc.page_content)
            self.chunk_topics.append([tid for s, e, tid in spans if s < end and start < e])
        self.embedder = embedder
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.collection = client.create_collection("peer", embedding_function=None,
                                                   configuration={"hnsw": {"space": "cosine"}})
        texts = [d.page_content for d in documents]
        self.collection.add(ids=[str(i) for i in range(len(texts))], documents=texts,
                            embeddings=embedder.embed_documents(texts))

    def retrieve_topics(self, question: str, k: int = 5) -> list[str]:
        result = self.collection.query(query_embeddings=[self.embedder.embed_query(question)], n_results=k)
        ranked = [tid for i in result["ids"][0] for tid in self.chunk_topics[int(i)]]
        return list(dict.fromkeys(ranked))


def evaluate_peer(items: Sequence[QAItem], settings: Settings, split: str | None = None) -> EvalRun:
    peer = PeerRag(Embedder(settings))
    results, latencies = [], []
    for item in items:
        started = time.perf_counter()
        ranked = peer.retrieve_topics(item.question)
        latency = (time.perf_counter() - started) * 1000
        latencies.append(latency)
        results.append(ItemResult.for_item(item, intent="answer", scope_week=None, refused=False,
                                           latency_ms=latency, retrieved_topics=ranked))
    stage = latency_scores(latencies)
    return EvalRun(provider="peer (tutorial RAG, top-5 chunks)", retrieval="dense, 1000/200 chunks",
                   guard=False, split=split, summary=summarize(results), items=results, answers={},
                   stages_ms=StageLatency(retrieve=stage, generate=stage.model_copy(update={"p50": 0.0, "p95": 0.0}),
                                          total=stage))
