"""The evaluation's metrics on cases small enough to work out by hand (arithmetic in comments)."""

from __future__ import annotations

import json
import math

import pytest

from eval.dataset import QAItem
from eval.metrics import (
    ItemResult,
    citation_precision,
    cosine,
    faithfulness,
    hit_at_k,
    intent_accuracy,
    ndcg_at_k,
    normalize_answer,
    percentile,
    reciprocal_rank,
    refusal_scores,
    summarize,
    token_f1,
    unique_ranked,
)

# --- retrieval -----------------------------------------------------------------------------


def test_repeated_topics_keep_their_first_rank():
    assert unique_ranked(["w01-t01", "w01-t01", "w02-t03", "w01-t01", "w05-t11"]) == [
        "w01-t01", "w02-t03", "w05-t11"]


def test_hit_at_k_counts_distinct_topics_so_extra_chunks_of_one_topic_take_one_slot():
    ranked = ["a", "a", "b", "c"]  # distinct: a, b, c
    assert hit_at_k(ranked, {"c"}, 1) == 0.0
    assert hit_at_k(ranked, {"c"}, 2) == 0.0  # a, b
    assert hit_at_k(ranked, {"c"}, 3) == 1.0  # a, b, c
    assert hit_at_k(ranked, {"z", "a"}, 1) == 1.0  # any expected topic counts


def test_nothing_retrieved_is_a_miss():
    assert hit_at_k([], {"a"}, 5) == 0.0
    assert reciprocal_rank([], {"a"}) == 0.0
    assert ndcg_at_k([], {"a"}, 5) == 0.0


def test_retrieval_metrics_refuse_items_without_expected_topics():
    for metric in (lambda: hit_at_k(["a"], set(), 5), lambda: reciprocal_rank(["a"], set()),
                   lambda: ndcg_at_k(["a"], set(), 5)):
        with pytest.raises(ValueError, match="expected topic"):
            metric()


def test_k_must_be_positive():
    with pytest.raises(ValueError, match="k must be at least 1"):
        hit_at_k(["a"], {"a"}, 0)
    with pytest.raises(ValueError, match="k must be at least 1"):
        ndcg_at_k(["a"], {"a"}, 0)


def test_reciprocal_rank_is_one_over_the_first_expected_distinct_rank():
    # distinct: x, y, z -> z is rank 3 -> 1/3
    assert reciprocal_rank(["x", "x", "y", "z"], {"z", "q"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x", "y"], {"q"}) == 0.0
    assert reciprocal_rank(["q", "x"], {"q"}) == 1.0


def test_ndcg_with_two_expected_topics_found_at_ranks_one_and_three():
    # DCG  = 1/log2(2) + 1/log2(4) = 1 + 0.5 = 1.5
    # IDCG = 1/log2(2) + 1/log2(3) = 1 + 0.63093 = 1.63093   (min(|expected|=2, k=5) = 2 slots)
    # nDCG = 1.5 / 1.63093 = 0.91972
    assert ndcg_at_k(["b", "x", "a"], {"a", "b"}, 5) == pytest.approx(0.91972, abs=1e-5)


def test_ndcg_ideal_is_capped_at_k_when_more_topics_are_expected():
    # k = 1: IDCG covers min(3, 1) = 1 slot, so a relevant first result is already ideal
    assert ndcg_at_k(["a"], {"a", "b", "c"}, 1) == 1.0


def test_ndcg_counts_repeated_chunks_once():
    # distinct: x, a -> a at rank 2: DCG = 1/log2(3) = 0.63093, IDCG = 1
    assert ndcg_at_k(["x", "x", "x", "a"], {"a"}, 2) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["a", "b"], {"a", "b"}, 5) == pytest.approx(1.0)


# --- answers -------------------------------------------------------------------------------


def test_faithfulness_is_the_share_of_supported_sentences():
    assert faithfulness([True, True, False, True]) == 0.75  # 3 of 4
    assert faithfulness([False]) == 0.0
    assert faithfulness([]) is None  # no sentences: nothing to judge


def test_normalisation_drops_case_punctuation_articles_and_citation_marks():
    assert normalize_answer("The GELU [1, 2], a  smooth ReLU! [3]") == "gelu smooth relu"


def test_token_f1_on_a_partial_overlap():
    # prediction -> cat sat on mat (4 tokens); reference -> cat sat on red mat (5 tokens)
    # common = 4; precision = 4/4 = 1, recall = 4/5 = 0.8; F1 = 2*1*0.8 / 1.8 = 0.88889
    assert token_f1("The cat sat on the mat [1].", "a cat sat on a red mat") == pytest.approx(0.88889, abs=1e-5)


def test_token_f1_counts_repeated_tokens_with_multiplicity():
    # common = min(3, 1) relu = 1; precision = 1/3, recall = 1/2; F1 = 2*(1/6)/(5/6) = 0.4
    assert token_f1("relu relu relu", "relu gelu") == pytest.approx(0.4)


def test_token_f1_edge_cases():
    assert token_f1("", "") == 1.0
    assert token_f1("the", "a") == 1.0  # both normalise to nothing
    assert token_f1("", "relu") == 0.0
    assert token_f1("gelu", "relu") == 0.0


def test_cosine_similarity():
    # [1,0].[1,1] = 1; |a||b| = 1 * sqrt(2) -> 0.70711
    assert cosine([1.0, 0.0], [1.0, 1.0]) == pytest.approx(1 / math.sqrt(2))
    assert cosine([1, 2, 3], [-1, -2, -3]) == pytest.approx(-1.0)
    assert cosine([0.0, 0.0], [1.0, 1.0]) == 0.0
    with pytest.raises(ValueError, match="one length"):
        cosine([1.0, 2.0], [1.0, 2.0, 3.0])


def test_citation_precision_is_over_distinct_cited_topics():
    # distinct cited: a, b, c; expected among them: a, c -> 2/3
    assert citation_precision(["a", "a", "b", "c"], {"a", "c", "d"}) == pytest.approx(2 / 3)
    assert citation_precision([], {"a"}) is None  # nothing cited: nothing to be precise about
    assert citation_precision(["a"], set()) == 0.0


# --- routing, refusal, latency -------------------------------------------------------------


def test_refusal_recall_and_false_refusal_rate():
    pairs = [(True, True), (True, False), (True, True), (True, True),  # out of scope: 3 of 4 refused
             (False, False), (False, False), (False, True), (False, False), (False, False)]  # 1 of 5
    scores = refusal_scores(pairs)
    assert scores.recall == 0.75
    assert scores.false_rate == pytest.approx(0.2)


def test_refusal_scores_without_one_kind_are_unknown_not_zero():
    scores = refusal_scores([(False, False)])
    assert scores.recall is None
    assert scores.false_rate == 0.0


def test_intent_accuracy():
    pairs = [("answer", "answer"), ("quiz", "syllabus"), ("progress", "progress")]
    assert intent_accuracy(pairs) == pytest.approx(2 / 3)
    assert intent_accuracy([]) is None


def test_percentile_interpolates_between_ranks():
    values = [40.0, 10.0, 30.0, 20.0]  # sorted: 10, 20, 30, 40
    assert percentile(values, 50) == 25.0  # position 3 * 0.50 = 1.5 -> 20 + 0.5 * 10
    assert percentile(values, 95) == pytest.approx(38.5)  # position 3 * 0.95 = 2.85 -> 30 + 0.85 * 10
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile(values, 101)


# --- summary -------------------------------------------------------------------------------


def _result(id: str, type: str, week: int | None, expected_intent: str, expected_topics: list[str],
            intent: str, latency_ms: float, **observed) -> ItemResult:
    return ItemResult(id=id, type=type, week=week, expected_intent=expected_intent,
                      expected_topics=expected_topics, expected_scope_week=observed.pop("expected_scope_week", None),
                      intent=intent, scope_week=observed.pop("scope_week", None),
                      refused=observed.pop("refused", False), latency_ms=latency_ms, **observed)


@pytest.fixture
def results() -> list[ItemResult]:
    return [
        # found at rank 1; cites one right and one wrong topic; both sentences supported
        _result("q1", "topic", 2, "answer", ["w02-t01"], "answer", 100, retrieved_topics=["w02-t01", "w09-t09"],
                cited_topics=["w02-t01", "w09-t09"], supported=[True, True], answer_similarity=0.8),
        # found at distinct rank 2 behind two chunks of one wrong topic; cites only the wrong one
        _result("q2", "topic", 2, "answer", ["w02-t02"], "answer", 200,
                retrieved_topics=["w09-t09", "w09-t09", "w02-t02"], cited_topics=["w09-t09"],
                supported=[True, False], answer_similarity=0.6),
        # expected topic only at distinct rank 6, and wrongly refused
        _result("q3", "multi", 5, "answer", ["w05-t03", "w05-t04"], "out_of_scope", 300, refused=True,
                retrieved_topics=["w01-t01", "w01-t02", "w01-t03", "w01-t04", "w01-t05", "w05-t04"],
                answer_similarity=0.2),
        _result("q4", "out_of_scope", None, "out_of_scope", [], "out_of_scope", 400, refused=True),
        # out of scope but answered, with nothing supported
        _result("q5", "out_of_scope", None, "out_of_scope", [], "answer", 500, supported=[False, False]),
        # a quiz on the wrong week
        _result("q6", "command", 5, "quiz", [], "quiz", 600, expected_scope_week=5, scope_week=3),
    ]


def test_summary_retrieval_counts_only_in_scope_answer_items(results):
    retrieval = summarize(results).retrieval
    assert retrieval.hit_at_1 == pytest.approx(1 / 3)  # q1 1, q2 0, q3 0
    assert retrieval.hit_at_3 == pytest.approx(2 / 3)  # q1 1, q2 1, q3 0
    assert retrieval.hit_at_5 == pytest.approx(2 / 3)  # q3's topic is 6th
    assert retrieval.mrr == pytest.approx(5 / 9)  # (1 + 1/2 + 1/6) / 3 = (10/6) / 3
    assert retrieval.ndcg_at_5 == pytest.approx((1 + 1 / math.log2(3) + 0) / 3)  # (1 + 0.63093 + 0)/3


def test_summary_answer_routing_and_latency_scores(results):
    summary = summarize(results)
    assert summary.n == 6
    assert summary.refusal.recall == 0.5  # q4 refused, q5 not
    assert summary.refusal.false_rate == pytest.approx(1 / 3)  # q3 of q1..q3
    assert summary.intent_accuracy == pytest.approx(4 / 6)  # q3 and q5 misrouted
    assert summary.scope_accuracy == 0.75  # q1, q2, q3 unscoped as expected; q6 week 3, not 5
    assert summary.faithfulness == 0.5  # q1 1.0, q2 0.5, q5 0.0 (q3, q4 refused; q6 no sentences)
    assert summary.answer_similarity == pytest.approx((0.8 + 0.6 + 0.2) / 3)
    assert summary.answer_f1 is None  # the runner filled no F1
    assert summary.citation_precision == 0.25  # q1 1/2, q2 0/1; q3 refused
    assert summary.latency_ms.p50 == 350.0  # position 5 * 0.5 = 2.5 -> 300 + 0.5 * 100
    assert summary.latency_ms.p95 == pytest.approx(575.0)  # position 4.75 -> 500 + 0.75 * 100


def test_summary_breaks_retrieval_down_by_week_and_type(results):
    summary = summarize(results)
    assert list(summary.by_week) == ["2", "5"]  # the command's week 5 adds no retrieval item
    assert summary.by_week["2"].n == 2 and summary.by_week["2"].hit_at_5 == 1.0
    assert summary.by_week["2"].mrr == 0.75  # (1 + 1/2) / 2
    assert summary.by_week["5"].n == 1 and summary.by_week["5"].hit_at_5 == 0.0
    assert summary.by_type["out_of_scope"].hit_at_5 is None
    assert summary.by_type["out_of_scope"].intent_accuracy == 0.5
    assert summary.by_type["command"].intent_accuracy == 1.0


def test_summary_serialises_to_the_cli_contract_shape(results):
    data = json.loads(summarize(results).model_dump_json())
    assert {"n", "retrieval", "refusal", "intent_accuracy", "faithfulness", "answer_similarity",
            "citation_precision", "latency_ms", "by_week"} <= data.keys()
    assert set(data["retrieval"]) == {"hit@1", "hit@3", "hit@5", "mrr", "ndcg@5"}
    assert set(data["refusal"]) == {"recall", "false_rate"}
    assert set(data["latency_ms"]) == {"p50", "p95"}
    assert data["by_week"]["2"]["hit@5"] == 1.0


def test_summary_of_nothing_reports_unknowns_as_null():
    data = json.loads(summarize([]).model_dump_json())
    assert data["n"] == 0
    assert data["retrieval"]["hit@5"] is None and data["latency_ms"]["p50"] is None
    assert data["by_week"] == {}


def test_a_result_copies_the_expectations_of_its_question():
    item = QAItem(id="q9999", question="quiz me on week 5", type="command", expected_topics=[], week=5,
                  scope_week=5, reference="A quiz on week 5.", intent="quiz", split="test")
    result = ItemResult.for_item(item, intent="quiz", scope_week=5, refused=False, latency_ms=12.5)
    assert (result.expected_intent, result.expected_scope_week, result.week, result.type) == ("quiz", 5, 5, "command")
    assert not result.answerable
