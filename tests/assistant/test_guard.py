"""The groundedness guard: an answer is shown as final only if every sentence is in the passages."""

import re
from pathlib import Path

import pytest

from assistant.guard import check_grounded
from core.course import load_course
from core.text import split_sentences

SITE = Path(__file__).parents[1] / "fixtures" / "site"


@pytest.fixture(scope="module")
def course():
    return load_course()


@pytest.fixture(scope="module")
def gelu_context(course):
    """What SmolLM2 was shown when it wrote "ReLU is a linear function.": the checklist's GeLU
    and ReLU descriptions."""
    return [course.topic("w02-t17").description, course.topic("w02-t15").description]


@pytest.fixture(scope="module")
def gelu_article():
    html = (SITE / "gelu-activation.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return [text[start:start + 700] for start in range(0, len(text), 600)]


def verdict_of(sentence, passages):
    verdict = check_grounded(sentence, passages)
    assert len(verdict.sentences) == 1
    return verdict.sentences[0]


def test_the_smollm2_relu_hallucination_is_rejected(gelu_context):
    relu = verdict_of("ReLU is a linear function.", gelu_context)
    assert not relu.supported
    assert relu.passage_index == 1  # judged against the ReLU description it distorts
    assert "linear" in relu.reason
    assert not check_grounded("In BERT, GeLU is used as the activation function instead of ReLU "
                              "and ELU [1]. ReLU is a linear function [2].", gelu_context).grounded


@pytest.mark.parametrize("sentence", [
    "ReLU is a non-linear function [2].",
    "ReLU is a nonlinear function.",
    "ReLU is piecewise linear.",
    "ReLU will output the input directly if it is positive, otherwise it will output zero [2].",
    "ReLU outputs the input directly if it is positive and zero otherwise.",
    "In BERT, GeLU is used as the activation function instead of ReLU and ELU [1].",
    "GeLU replaced ReLU and ELU as the activation function in BERT.",
    "BERT uses GELU rather than ReLU or ELU as its activation function.",
    "BERT uses GeLU as its activation function, not ReLU or ELU.",
])
def test_faithful_and_near_verbatim_sentences_pass(gelu_context, sentence):
    support = verdict_of(sentence, gelu_context)
    assert support.supported, support.reason


@pytest.mark.parametrize(("sentence", "reason"), [
    ("ReLU is linear.", "linear"),
    ("ReLU does not output zero for negative inputs.", "output"),  # negation added
    ("BERT uses ReLU instead of GeLU.", "relu"),  # roles swapped
    ("GELU was invented by Google in 2015.", "2015"),  # planted, with a number
])
def test_distorted_sentences_fail_with_a_reason(gelu_context, sentence, reason):
    support = verdict_of(sentence, gelu_context)
    assert not support.supported
    assert reason in support.reason


def test_a_planted_sentence_among_supported_ones_fails_the_answer(gelu_article):
    answer = ("GELU weights each input by how likely it is to be larger than other inputs [1]. "
              "GELU was proposed by researchers at Google to replace batch normalization [2]. "
              "In BERT, GELU replaced ReLU in the position-wise feed-forward layers [3].")
    verdict = check_grounded(answer, gelu_article)
    assert not verdict.grounded
    assert [s.supported for s in verdict.sentences] == [True, False, True]
    assert verdict.unsupported[0].text.startswith("GELU was proposed by researchers")


@pytest.mark.parametrize(("faithful", "changed"), [
    ("GELU has a minimum of about -0.17 near x = -0.75.", "GELU has a minimum of about -0.25 near x = -0.75."),
    ("The article takes 15 minutes to read.", "The article takes 20 minutes to read."),
])
def test_a_changed_number_is_unsupported(gelu_article, faithful, changed):
    assert verdict_of(faithful, gelu_article).supported
    support = verdict_of(changed, gelu_article)
    assert not support.supported and "not in the passage" in support.reason


@pytest.mark.parametrize(("faithful", "flipped"), [
    ("GELU is smooth everywhere and non-monotonic.", "GELU is smooth everywhere and monotonic."),
    ("ELU can output negative values and keeps a non-zero gradient for negative inputs.",
     "ELU can output negative values and keeps a zero gradient for negative inputs."),
    ("ReLU makes a hard decision.", "ReLU does not make a hard decision."),
])
def test_a_flipped_negation_is_unsupported(gelu_article, faithful, flipped):
    assert verdict_of(faithful, gelu_article).supported
    assert not verdict_of(flipped, gelu_article).supported


def test_a_paraphrase_of_the_article_passes(gelu_article):
    answer = ("GELU multiplies its input by the cumulative distribution function of the standard "
              "normal distribution [1]. The original paper also gives a cheaper tanh approximation [1]. "
              "Because the smooth curve gave slightly better results for language modelling, the "
              "authors of GPT and BERT kept it [2].")
    verdict = check_grounded(answer, gelu_article)
    assert verdict.grounded, [s.reason for s in verdict.unsupported]


def test_every_sentence_of_a_passage_supports_itself(course, gelu_article):
    descriptions = [topic.description for topic in course.topics]
    for passages in (descriptions, gelu_article):
        for passage in passages:
            verdict = check_grounded(passage, [passage])
            assert verdict.grounded, [(s.text, s.reason) for s in verdict.unsupported]


def test_citation_markers_do_not_count_as_words_or_numbers(gelu_context):
    assert check_grounded("ReLU is a non-linear function [2] [1,2].", gelu_context).grounded


def test_an_empty_answer_or_no_passages_is_not_grounded(gelu_context):
    assert not check_grounded("", gelu_context).grounded
    assert not check_grounded("ReLU is a non-linear function.", []).grounded


def test_a_sentence_that_claims_nothing_is_not_held_against_the_answer(gelu_context):
    verdict = check_grounded("Sure. ReLU is a non-linear function.", gelu_context)
    assert verdict.grounded
    assert verdict.sentences[0].passage_index is None


@pytest.mark.parametrize(("text", "sentences"), [
    ("Activation functions, e.g. ReLU and GELU, add non-linearity. They are cheap.",
     ["Activation functions, e.g. ReLU and GELU, add non-linearity.", "They are cheap."]),
    ("GELU dips to -0.17 near x = -0.75. ERNIE 3.0 is large.",
     ["GELU dips to -0.17 near x = -0.75.", "ERNIE 3.0 is large."]),
    ("ReLU outputs zero [1]. GELU is smooth.[2] ELU differs.",
     ["ReLU outputs zero [1].", "GELU is smooth.[2]", "ELU differs."]),
    ("It was invented in 1957 by Frank Rosenblatt. It was inspired by the brain.",
     ["It was invented in 1957 by Frank Rosenblatt.", "It was inspired by the brain."]),
    ("See Fig. 3 and compare CNN vs. DCNN. Why? Because!",
     ["See Fig. 3 and compare CNN vs. DCNN.", "Why?", "Because!"]),
    ("Two points:\n- ReLU is piecewise linear [1].\n- GELU is smooth [2]\n\nThat is all.",
     ["Two points:", "ReLU is piecewise linear [1].", "GELU is smooth [2]", "That is all."]),
    ('He said "ReLU is simple." Then he left.', ['He said "ReLU is simple."', "Then he left."]),
    ("The tanh approximation\nComputing erf was slow,\nso the paper gives one.",
     ["The tanh approximation", "Computing erf was slow, so the paper gives one."]),
    ("   ", []),
])
def test_sentences_are_split_where_a_reader_would(text, sentences):
    assert split_sentences(text) == sentences
