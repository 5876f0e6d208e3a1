"""The intent model is trained once per course and examples, and its cache beside the index holds
only the current model."""

from __future__ import annotations

from pathlib import Path

from assistant.intent_model import PHRASING_SHARE, Example, IntentModel, load_examples
from assistant.phrasings import all_phrasings
from ingest.embedding import Embedder

EXAMPLES = [Example(text="quiz me on dropout", intent="quiz"), Example(text="test me please", intent="quiz"),
            Example(text="what is in week 3", intent="syllabus"), Example(text="list the topics", intent="syllabus")]


def test_a_cached_model_is_reused_without_masking_the_examples(embedder: Embedder, tmp_path: Path) -> None:
    masked: list[str] = []

    def mask(text: str) -> str:
        masked.append(text)
        return text

    first = IntentModel(embedder.embed_documents, "minilm", tmp_path, EXAMPLES, mask=mask, mask_key="course A")
    assert len(masked) == len(EXAMPLES)
    again = IntentModel(embedder.embed_documents, "minilm", tmp_path, EXAMPLES, mask=mask, mask_key="course A")
    assert len(masked) == len(EXAMPLES)  # read from the cache: nothing embedded or masked again
    vector = embedder.embed_query("could you quiz me")
    assert again.vote(vector) == first.vote(vector)
    assert again.vote(vector).label == "quiz"


def test_another_course_retrains_and_the_stale_cache_is_removed(embedder: Embedder, tmp_path: Path) -> None:
    IntentModel(embedder.embed_documents, "minilm", tmp_path, EXAMPLES, mask_key="course A")
    IntentModel(embedder.embed_documents, "minilm", tmp_path, EXAMPLES, mask_key="course B")
    assert len(list(tmp_path.glob("intent-model-*.npz"))) == 1



def test_phrasings_it_never_saw_are_routed_as_their_label(embedder: Embedder, tmp_path: Path) -> None:
    """Every fifth bundled example is held out of training: the model must generalise to them, not
    only recall the phrasings it was given (5-fold cross-validation chose its settings)."""
    examples = load_examples()
    held_out = examples[::5]
    model = IntentModel(embedder.embed_documents, "minilm", tmp_path,
                        [e for i, e in enumerate(examples) if i % 5])
    vectors = embedder.embed_documents([e.text for e in held_out])
    right = sum(model.vote(v).label == e.intent for v, e in zip(vectors, held_out, strict=True))
    assert right / len(held_out) >= 0.9


def test_the_model_learns_course_questions_from_a_share_of_the_topic_phrasings() -> None:
    """Course questions in students' own words ("where does the network forget units at random")
    are course questions: one topic phrasing in PHRASING_SHARE is an "answer" example."""
    examples = load_examples()
    phrasings = [text for _, text in all_phrasings()]
    learnt = [e for e in examples if e.text in set(phrasings[::PHRASING_SHARE])]
    assert learnt and {e.intent for e in learnt} == {"answer"}
    assert len(learnt) < len(phrasings) / 2
