"""Whether a question is about the course, and how well the course covers it, as a student meets
it on a real offline index: course questions written without the course's words are answered,
everyday requests are refused with the nearest topics, near misses are answered as partial and
say so first. Checked on the bundled course and on the two-week course of tests/fixtures."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.coverage import lacking, unexplained
from assistant.intent_model import IntentVote
from assistant.scope import ScopeSignals, course_vote, scope_score
from assistant.service import Assistant
from assistant.terms import not_in_course, technical_terms
from core.settings import Settings
from core.text import course_ngrams, split_sentences
from tests.support.indexes import private_copy


@pytest.fixture(scope="module")
def assistant(course_index, tmp_path_factory) -> Assistant:
    data_dir = private_copy(course_index, tmp_path_factory.mktemp("scope") / "data")
    return Assistant(Settings(data_dir=data_dir), provider="extractive")


@pytest.mark.parametrize("question", [
    "two models compete, one forges pictures and the other learns to tell forgeries from real ones, "
    "how does that work?",
    "how many predictions per second can my model serve and what is that called",
])
def test_a_course_question_described_in_everyday_words_is_answered(assistant, question):
    result = assistant.ask(question)
    assert result.intent == "answer" and result.citations


@pytest.mark.parametrize("question", [
    "which smartphone should I buy this year",
    "recommend me a cheap gaming monitor",
    "what's a good recipe for pancakes",
    # a graph algorithm of computer science is not deep learning's, whatever "algorithm" shares
    "explain breadth-first search",
    "how does depth-first search work",
])
def test_an_everyday_request_is_refused_with_the_nearest_topics(assistant, question):
    result = assistant.ask(question)
    assert result.intent == "out_of_scope" and result.coverage == "none"
    assert result.answer.startswith("The course does not cover that.") and result.suggestions


def test_another_fields_question_in_the_courses_words_is_refused(assistant):
    """A brain's synapse shares the Artificial Neural Network paragraph's words, but the intent
    model is all but certain it is biology; a course question about neurons is still answered."""
    biology = "what happens at a synapse when one brain neuron signals to the next?"
    assert assistant.ask(biology).intent == "out_of_scope"
    assert assistant.ask("what does each neuron of an artificial neural network compute?").intent == "answer"


@pytest.mark.parametrize(("elsewhere", "course"), [
    ("what does the kernel of an operating system do when a program makes a system call",
     "what is a kernel in a CNN"),
    ("what does normalization mean for a relational database schema",
     "what does normalization do to the activations of a layer"),
])
def test_another_fields_sense_of_a_course_word_is_refused_though_it_reads_as_a_question(assistant, elsewhere,
                                                                                      course):
    """The intent model reads both as questions (it masks the course's topics to learn what is
    wanted), but the first is nearer other subjects' requests than any way students ask about the
    course: it is refused with the nearest topics, and the course's sense is answered."""
    refused = assistant.ask(elsewhere)
    assert refused.intent == "out_of_scope" and refused.coverage == "none"
    assert refused.answer.startswith("The course does not cover that.") and refused.suggestions
    answered = assistant.ask(course)
    assert answered.intent == "answer" and answered.coverage == "covered" and answered.citations


def test_a_pair_of_everyday_words_is_no_term_a_partial_answer_names(assistant):
    """Near the course, only a term the course lacks makes a partial answer; "ride-share apps" is
    two everyday words, not a concept ("batch normalization" is)."""
    for question, terms in [("how do ride-share apps choose a route", []),
                            ("how does batch normalization work", ["batch normalization"])]:
        assert lacking(question, assistant.reranker.search(question), assistant.retriever) == terms


def test_a_near_miss_is_answered_as_partial_naming_the_nearest_topics_first(assistant):
    """"k-medoids" is not spelling-corrected into a course word before coverage reads it."""
    result = assistant.ask("how does k-medoids clustering work")
    assert result.intent == "answer" and result.coverage == "partial"
    first = split_sentences(result.answer)[0]
    assert "k-medoids" in first and result.suggestions
    assert all(s.topic in first for s in result.suggestions)


def test_a_concept_no_passage_found_mentions_makes_the_answer_partial(assistant):
    """"diffusion model" is two everyday-looking words to wordfreq; the glossary knows it is a
    concept, and no passage found for it (convolutions, CNNs) says it."""
    result = assistant.ask("how does a diffusion model create a picture")
    assert result.intent == "answer" and result.coverage == "partial"
    first = split_sentences(result.answer)[0]
    assert first.startswith("The course does not explain diffusion model itself")
    assert all(s.topic in first for s in result.suggestions)


def test_a_deep_learning_concept_far_from_every_passage_is_partial_not_refused(assistant):
    """"GRU" is too far from any passage to be answered, but it is the course's field: the
    student hears that the course does not explain it and where its neighbours are."""
    result = assistant.ask("what is a GRU")
    assert result.intent == "answer" and result.coverage == "partial"
    assert split_sentences(result.answer)[0].startswith("The course does not explain GRU itself")
    assert assistant.ask("how do I set up kubernetes on my laptop").intent == "out_of_scope"


def test_a_concept_a_passage_found_mentions_is_the_courses(assistant):
    retrieval = assistant.reranker.search("how does a diffusion model create a picture")
    assert unexplained("how does a diffusion model create a picture", retrieval) == ["diffusion model"]
    assert unexplained("how does a convolution create a picture", retrieval) == []


def test_a_concept_is_named_once_however_many_ways_the_question_leaves_it_out(assistant):
    result = assistant.ask("how is the F1 score computed")
    assert split_sentences(result.answer)[0].startswith("The course does not explain F1 score itself;")


def test_a_course_name_with_the_word_a_student_puts_after_it_is_covered(assistant):
    """The course says "GPT-3.5 ... has 3 variants", the student "the GPT-3.5 variants"."""
    result = assistant.ask("how many parameters do the GPT-3.5 variants have")
    assert result.intent == "answer" and result.coverage == "covered"
    assert not result.answer.startswith("The course does not explain")


def test_a_course_term_followed_by_what_the_question_says_of_it_is_covered(assistant):
    """"Backpropagation connect" is not a term the course lacks; "batch normalization" is."""
    result = assistant.ask("how does Backpropagation connect to the chain rule")
    assert result.intent == "answer" and result.coverage == "covered"
    assert not result.answer.startswith("The course does not explain")
    grams = course_ngrams(["Backpropagation sends the error back.", "Layer normalization; a big batch."])
    asked = technical_terms("does backpropagation relate to batch normalization")
    assert not_in_course(asked, grams) == ["batch normalization"]


def test_the_acronym_of_a_course_title_is_the_courses_own(assistant):
    """The course has "Feed Forward Neural Networks" and "Byte Pair Encoding", never "FFNN"/"BPE"."""
    for question in ("what is an FFNN", "how does BPE split rare words"):
        result = assistant.ask(question)
        assert result.coverage == "covered", question
        assert not result.answer.startswith("The course does not explain")


@pytest.mark.parametrize("question", [
    "what does a pointwise conv do",  # "conv" shortens the course's "convolution"
    "how many layers does gpt2 have",  # the course writes "GPT-2"
    "is GPT-3.5 a fine-tuned GPT-3",  # the course: "fine tuned", "fine-tuning"
    "how can I notice Overfitting early",  # the student's verb before the topic it names
])
def test_a_course_question_in_a_students_own_words_is_covered(assistant, question):
    """The first sentence must not tell the student, falsely, that the course lacks the subject."""
    result = assistant.ask(question)
    assert result.intent == "answer" and result.coverage == "covered"
    assert not result.answer.startswith("The course does not explain") and not result.suggestions


def test_the_initials_of_a_title_with_a_name_in_it_are_not_its_acronym(assistant, ml_data_dir):
    """"KNN" is k-nearest neighbours, which the bundled course lacks; its "Kohonen Neural Network"
    is called by its name. The two-week course's "k-Nearest Neighbours" is called "KNN"."""
    lacking = assistant.ask("what is KNN")
    assert lacking.coverage == "partial" and "KNN" in split_sentences(lacking.answer)[0]
    ml = Assistant(Settings(data_dir=ml_data_dir), provider="extractive")
    found = ml.ask("what is KNN")
    assert found.coverage == "covered" and found.citations[0].topic == "k-Nearest Neighbours"


def test_a_course_word_run_together_or_shortened_is_the_courses_own():
    """Any course: its words as a student runs them together ("gpt2", "realtime") or shortens
    them ("conv"); a name it never uses is still missing ("Mish activation")."""
    grams = course_ngrams(["GPT-2 was fine-tuned.", "A real time detector; convolution layers; the activation."])
    words = sorted(gram[0] for gram in grams if len(gram) == 1)
    asked = technical_terms("is a realtime detector with conv layers in gpt2 a Mish activation")
    assert not_in_course(asked, grams, words) == ["Mish activation"]


def test_a_name_followed_by_a_word_the_course_never_uses_is_missing():
    grams = course_ngrams(["Sentiment analysis using LSTM with Keras has 3 variants."])
    terms = dict(technical_terms("how do the gates of an LSTM cell work in its variants"))
    assert terms["LSTM"] in grams and terms["LSTM cell"] not in grams


def test_the_intent_models_reading_moves_the_score_both_ways():
    """Read as another subject, the same evidence scores lower; as a course question, higher;
    a command ("quiz") says nothing either way."""
    signals = ScopeSignals(dense=0.3, lexical=0.5, named=False, agree=False)
    votes = [course_vote(IntentVote(label=label, confidence=0.9, nearest=0.6))
             for label in ("out_of_scope", "quiz", "answer")]
    scores = [scope_score(replace(signals, course_vote=vote)) for vote in votes]
    assert scores[0] < scores[1] == scope_score(signals) < scores[2]
    assert replace(signals, course_vote=votes[0]).off_course and not replace(signals, course_vote=votes[2]).off_course


def test_another_course_answers_its_own_questions_and_refuses_everyday_ones(ml_data_dir):
    ml = Assistant(Settings(data_dir=ml_data_dir), provider="extractive")
    described = ml.ask("grouping points around centres that keep moving until they settle")
    assert described.intent == "answer" and described.citations[0].topic == "k-Means Clustering"
    assert ml.ask("which smartphone should I buy this year").intent == "out_of_scope"
    near = ml.ask("how does DBSCAN clustering work")
    assert near.coverage == "partial" and "k-Means Clustering" in split_sentences(near.answer)[0]


def test_how_students_ask_is_evidence_for_a_course_whose_every_topic_it_covers(assistant, ml_data_dir):
    """A question far from every paragraph can be near how students ask about a topic: that
    closeness (set back to the passages' scale) counts for the bundled course, whose every topic
    has phrasings, and not for another course, where it would favour the few topics that do."""
    question = "whose law says the second most frequent word shows up half as often as the first"
    signals = assistant.reranker.search(question).signals
    assert signals is not None and signals.said is not None and signals.said > signals.dense
    assert scope_score(signals) > scope_score(replace(signals, said=None))
    ml = Assistant(Settings(data_dir=ml_data_dir), provider="extractive")
    other = ml.reranker.search("grouping points around centres that keep moving until they settle").signals
    assert other is not None and other.said is None
