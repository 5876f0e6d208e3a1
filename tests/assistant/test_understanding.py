"""What a new student meets first, on a real offline index: requests routed by meaning,
questions the course only borders on labelled partial, off-course quizzes refused, and answers
that stay on the topic asked about."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.boilerplate import is_boilerplate
from assistant.service import Assistant
from core.settings import Settings
from tests.support.courses import ml_data_dir, ml_index  # noqa: F401
from tests.support.indexes import private_copy

EXAMPLES = Path(__file__).parents[2] / "assistant" / "data" / "intent_examples.jsonl"
COMMANDS = {"quiz": "quiz", "syllabus": "syllabus", "progress": "progress", "review": "progress"}


@pytest.fixture(scope="module")
def assistant(course_index, tmp_path_factory) -> Assistant:
    data_dir = private_copy(course_index, tmp_path_factory.mktemp("understanding") / "data")
    return Assistant(Settings(data_dir=data_dir), provider="extractive")


def _examples() -> list[tuple[str, str]]:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [(item["text"], item["intent"]) for item in map(json.loads, lines)]


def _routed_right(intent: str, label: str) -> bool:
    if label in COMMANDS:
        return intent == COMMANDS[label]
    if label == "answer":  # a course question, answered or (outside the course) refused
        return intent in ("answer", "out_of_scope")
    return intent == "out_of_scope"


def test_the_phrasings_the_router_learns_from_are_routed_through_ask(assistant):
    """All of the router's own examples, through the public `ask`: a command goes to its
    command, a course question is never taken for a command, and chit-chat, other subjects and
    injections are refused. The rules and the model disagree on a few; at most 6% may miss."""
    examples = _examples()
    missed = [(text, label, intent) for text, label in examples
              if not _routed_right(intent := assistant.ask(text).intent, label)]
    assert len(missed) <= 0.06 * len(examples), missed


@pytest.mark.parametrize("text, intent", [
    ("I'd like a quick quiz about week 12 please", "quiz"),
    ("can you test me on dropout", "quiz"),
    ("what topics are in the last week?", "syllabus"),
    ("how far along am I?", "progress"),
])
def test_ordinary_requests_go_where_they_mean(assistant, text, intent):
    assert assistant.ask(text).intent == intent


@pytest.mark.parametrize("text, intent, week", [
    # a week named by a theme of its title, or with a number misspelt
    ("could you quiz me on the architecture week", "quiz", 6),
    ("what's on the projects week?", "syllabus", 13),
    ("show me week elevn", "syllabus", 11),
    ("a quiz on the thrid week please", "quiz", 3),
    # other ways of asking for a quiz
    ("I'd love a short assessment of week 3", "quiz", 3),
    ("give to me a quiz on the training week", "quiz", 4),
    ("check me on week 9 with some questions", "quiz", 9),
    # what is left to do is progress, not the syllabus
    ("topics left in week 6?", "progress", 6),
    ("which weeks have I not started yet", "progress", None),
    ("anything overdue in week 4", "progress", 4),
    ("hw many quizes have i taken", "progress", None),
    # what comes after a week, and the week of the sentence that asks
    ("what follows after the optimization week?", "syllabus", 10),  # the next week
    ("so what comes straight after week 7", "syllabus", 8),
    ("the week following the NLP week, what's in it", "syllabus", 12),
    ("done with week 2 at last. what does week 3 have?", "syllabus", 3),
    ("I did weeks 4 and 5, what does week 6 cover?", "syllabus", 6),
    # terse and misspelt syllabus requests, and where a topic sits
    ("wats in the pytorch week", "syllabus", 8),
    ("where is pruning in the course?", "syllabus", 9),
    ("what did i get wrong so far", "progress", None),
    ("give a rundown of week 6", "syllabus", 6),
    ("I want know the content of LLM week", "syllabus", 12),
    ("which things I must study in week 8 still", "progress", 8),
    ("Where I can find the autoencoder in course", "syllabus", 6),
    ("challenge me on the basics week", "quiz", 1),
    ("which topics of week 3 have I not looked at", "progress", 3),
    # a non-native speaker's word order, and whether things sit in a week
    ("which week dropout in tensorflow is in?", "syllabus", 8),
    ("is all of that week 9?", "syllabus", 9),
    ("both from week three, right?", "syllabus", 3),
    ("is week 13 the last one?", "syllabus", 13),
    # the week in Roman numerals, other languages, a command, a table
    ("quiz me on wk VI", "quiz", 6),
    ("welke week gaat over pruning?", "syllabus", 9),
    ("/syllabus week=2", "syllabus", 2),
    ("give me a table of week 10", "syllabus", 10),
    ("hoe sta ik ervoor in week 4", "progress", 4),
    ("v kakoi nedele is dropout?", "syllabus", 8),
    # one result beside another is progress; what comes first is the syllabus
    ("am i stronger at pooling or padding", "progress", None),
    ("how have i done on elu compared to selu", "progress", None),
    ("what should i study before attention", "syllabus", 11),
    ("can i skip to week 9 without week 4", "syllabus", 9),
    ("as a lawyer I want the big picture first: the entire 13-week overview please", "syllabus", None),
])
def test_requests_in_other_words_go_where_they_mean_with_their_week(assistant, text, intent, week):
    result = assistant.ask(text)
    assert (result.intent, result.week) == (intent, week)


@pytest.mark.parametrize("text, count", [("can u giv me 4 questons on week 2", 4),
                                         ("quiz me on week 2, a dozen questions", 12),
                                         ("give me 4 on week 2", 4), ("qz wk2 x2", 2),
                                         ("quiz me, a q on padding", 1), ("one more on max pooling", 1)])
def test_a_quiz_has_the_number_of_questions_asked_for_as_typed(assistant, text, count):
    result = assistant.ask(text)
    assert (result.intent, result.week, len(result.quiz)) == ("quiz", 2, count)


def test_a_topic_mentioned_in_passing_is_not_the_quizs_subject(assistant):
    result = assistant.ask("ReLU I know by heart, so quiz me on GELU instead")
    gelu = {t.id for t in assistant.course.topics if t.title.lower().startswith("gelu")}
    assert result.quiz and {q.topic_id for q in result.quiz} <= gelu


def test_where_a_topic_sits_is_answered_for_the_topic_asked_about(assistant):
    result = assistant.ask("I know backpropagation well. In which week is GELU?")
    assert result.intent == "syllabus" and result.answer.lower().startswith("gelu is in week 2")


def test_a_number_is_not_the_subject_of_a_quiz(assistant):
    """"three questions on all three" names no subject: it is not refused as off-course."""
    assert assistant.ask("give me two questions on all of them").intent == "quiz"


def test_a_syllabus_of_another_subject_is_refused(assistant):
    result = assistant.ask("Draft a syllabus for a course in baroque music")
    assert result.intent == "out_of_scope"


def test_the_parts_of_this_course_are_its_outline_not_another_subject(assistant):
    for text in ("what are the units of this course", "an overview of the entire course, week by week"):
        result = assistant.ask(text)
        assert result.intent == "syllabus" and result.answer.startswith("The course has"), text


def test_week_themes_come_from_the_courses_own_headings(ml_data_dir):  # noqa: F811
    """The two-week course's headings name its weeks: "classic models" is its week 2."""
    ml = Assistant(Settings(data_dir=ml_data_dir), provider="extractive")
    assert (ml.ask("quiz me on the classic models week").week, ml.ask("what's in the foundations week").week) == (2, 1)


@pytest.mark.parametrize("text", ["what is a test set used for?", "how is the BLEU score computed?",
                                  "what is learning rate scheduling?"])
def test_a_question_with_a_command_word_is_not_taken_for_a_command(assistant, text):
    assert assistant.ask(text).intent in ("answer", "out_of_scope")


@pytest.mark.parametrize("text", ["how does an interval tree answer overlap queries",
                                  "what is the amortised cost of a dynamic array append"])
def test_a_computer_science_question_outside_deep_learning_is_refused(assistant, text):
    """Its words ("tree", "queries", "cost") are the course's too; it reads as another subject's."""
    assert assistant.ask(text).intent == "out_of_scope"


def test_a_quiz_on_a_subject_outside_the_course_is_refused_with_neighbours(assistant):
    result = assistant.ask("Quiz me on French history")
    assert result.intent == "out_of_scope" and not result.quiz
    assert "cannot quiz you" in result.answer


def test_a_quiz_on_a_list_of_topics_asks_on_each_though_together_they_match_nothing_well(assistant):
    result = assistant.ask("quiz me on swish and sigmoid")  # (Swish has nothing to ask yet)
    assert result.intent == "quiz" and {q.topic_id for q in result.quiz} == {"w02-t13"}
    elsewhere = assistant.ask("quiz me on medieval poetry and baroque music")
    assert elsewhere.intent == "out_of_scope" and not elsewhere.quiz


def test_a_quiz_on_another_subject_sharing_a_word_with_a_course_title_is_refused(assistant):
    # "revolution" is in "People Who Started LLM Revolution"; the request reads as history.
    result = assistant.ask("give me a quiz on the russian revolution")
    assert result.intent == "out_of_scope" and not result.quiz
    assert "cannot quiz you" in result.answer


@pytest.mark.parametrize("text", ["quiz me on capsule networks", "test me on batch normalization",
                                  "quiz me on the RMSprop optimizer",  # "optimizer" alone would be week 9's title
                                  "test me on SegNet", "quiz me on that u-net model for segmentation"])
def test_a_quiz_on_a_deep_learning_subject_the_course_lacks_is_refused_not_made_of_its_neighbours(assistant, text):
    """A question on it is answered as partial, naming the neighbours; a quiz on the neighbours
    would not test what was asked for."""
    result = assistant.ask(text)
    assert result.intent == "out_of_scope" and not result.quiz and "cannot quiz you" in result.answer
    assert assistant.ask("quiz me on layer normalization").quiz  # the course's own neighbour
    assert assistant.ask("quiz me on optimizers").week == 9  # the week's own word


def test_the_subject_after_quiz_me_on_decides_though_a_course_topic_came_before(assistant):
    result = assistant.ask("honestly I'm bored of neural nets today, could you quiz me on medieval poetry instead?")
    assert result.intent == "out_of_scope" and not result.quiz
    kept = assistant.ask("I keep mixing up what dropout does, so test me on it until it sticks")
    assert kept.quiz and {q.topic_id for q in kept.quiz} <= {"w08-t09", "w04-t09"}


def test_a_quiz_on_those_things_described_is_on_them_not_on_week_one(assistant):
    # "those skip connections" is a subject of its own, not "those" said of an earlier topic; the
    # topic its description calls so (week 9's Residual Connection) has nothing to ask, so the
    # same title in week 4 is quizzed, and the reply says why.
    result = assistant.ask("could you test me on those skip connections")
    assert result.quiz and {q.topic_id for q in result.quiz} <= {"w04-t10", "w09-t03"}
    assert "a quiz on the nearest topic that has some instead, Residual Connections" in result.answer


def test_a_quiz_on_a_named_topic_is_on_that_topic(assistant):
    result = assistant.ask("can you test me on dropout")
    assert result.quiz and {q.topic_id for q in result.quiz} <= {"w08-t09", "w04-t09"}


def test_a_neighbour_of_the_course_is_answered_as_partial_and_says_so_first(assistant):
    result = assistant.ask("What is batch normalization?")
    assert result.intent == "answer" and result.coverage == "partial"
    assert result.answer.startswith("The course does not explain")
    assert result.suggestions, "the nearest topics are named"


@pytest.mark.parametrize("text", ["what does a u-net decoder do?", "how does t-sne draw clusters"])
def test_a_lower_case_name_with_a_letter_is_a_name_the_course_lacks(assistant, text):
    """ "u-net" as the student types it is U-Net: the course never writes it, so partial."""
    assert assistant.ask(text).coverage == "partial"


def test_a_course_topic_is_covered(assistant):
    assert assistant.ask("Why does BERT use GELU rather than ReLU?").coverage == "covered"


def test_answers_carry_no_article_boilerplate_and_stay_on_the_topic(assistant):
    result = assistant.ask("what are the drawbacks of convolutional networks")
    sentences = re.split(r"(?<=\])\s+", result.answer)
    assert not any(is_boilerplate(s) for s in sentences)
    assert {c.topic_id for c in result.citations} == {"w05-t03"}


def test_what_should_i_review_today_names_the_due_topics(assistant):
    """A studied topic becomes a due flashcard: asking in the chat names it and the way to review."""
    assistant.progress.mark_studied("w05-t11")
    result = assistant.ask("what should I review today?")
    assert result.intent == "progress"
    assert "AlexNet" in result.answer and "dlstudy review" in result.answer


def test_a_question_about_an_idea_is_answered_from_its_topic_not_a_word_it_shares(assistant):
    """"variances" names the topic Variance, but the question is about the F test: the topic
    reranker puts the F test first and the answer quotes only it."""
    result = assistant.ask("Which statistic compares two variances by taking their ratio?")
    assert result.retrieved[0] == "w04-t14"
    assert {c.topic_id for c in result.citations} == {"w04-t14"}


def test_the_courses_own_subject_named_in_passing_is_not_quoted(assistant):
    """ "deep learning" in a deep-learning course names the course, not the question's topic:
    the answer quotes Health Care alone, not the Deep Learning topic's introduction."""
    result = assistant.ask("How can deep learning help in health care?")
    assert {c.topic_id for c in result.citations} == {"w07-t05"}


def test_the_topic_vectors_are_kept_beside_the_index(assistant):
    assistant.ask("what is an epoch?")
    assert list(assistant.settings.data_dir.glob("topic-vectors-*.npy"))


@pytest.mark.parametrize("text", ["What are the weak spots of recurrent networks?",
                                  "what are the weak points of GANs?"])
def test_a_question_about_a_models_weak_points_is_not_a_progress_request(assistant, text):
    assert assistant.ask(text).intent == "answer"


def test_a_hyphenated_course_term_is_not_missing_when_written_apart():
    from assistant.terms import technical_terms
    from core.text import course_ngrams

    grams = course_ngrams(["AVX512-VNNI instructions speed up int8 inference."])
    terms = dict(technical_terms("Is AVX512 VNNI used for int8?"))
    assert terms["AVX512 VNNI"] in grams and terms["VNNI"] in grams


def test_a_long_form_is_searched_with_the_courses_acronym(assistant):
    """The course says "CNN"; a student writes "convolutional networks"."""
    assert assistant.reranker.expand("which problems do convolutional networks have?") == (
        "which problems do convolutional networks (CNN) have?")
    assert assistant.reranker.expand("is a CNN a convolutional network?") == "is a CNN a convolutional network?"
    assert "w05-t03" in assistant.ask("which problems do convolutional networks have?").retrieved[:3]


def test_a_misspelt_request_is_routed_as_written_right(assistant):
    """The vote reads "wekaest tpoics" as "weakest topics": a progress request, not another subject."""
    assert assistant.ask("show me my wekaest tpoics").intent == "progress"


def test_a_rarely_seen_misspelling_of_the_request_word_is_read_as_meant(assistant):
    """ "progess" is a word English sees now and then, but only ever as a typo."""
    assert assistant.ask("whats my progess on week 4").intent == "progress"


def test_a_quiz_subject_ends_where_the_student_says_why(assistant):
    """A title with a number in it is the subject whole, without the reason that follows it."""
    result = assistant.ask("give me two questions about resnet 50 so i stop scrolling my phone")
    assert result.intent == "quiz" and {q.topic_id for q in result.quiz} == {"w05-t19"}


def test_a_quiz_on_a_family_of_titled_topics_is_not_refused(assistant):
    """ "the gpt family" shares little else with the course, but its one specialist word is in
    course titles: the quiz is on that part of the course (or its nearest topics with questions)."""
    result = assistant.ask("ok then quiz me on the whole gpt family")
    assert result.intent == "quiz" and result.quiz
    assert "GPT Models" in result.answer


def test_whether_the_course_has_a_name_is_answered_with_the_topic_titled_with_it(assistant):
    """BART has no topic of its own, but a title has it: that topic, not the one retrieval liked."""
    result = assistant.ask("is bart part of this course at all?")
    assert result.intent == "syllabus" and result.week == 11
    assert result.answer.startswith("The course has BART in week 11: BART vs BERT")


def test_a_name_the_course_only_mentions_is_not_passed_off_as_a_topic(assistant):
    result = assistant.ask("which week is batchnorm in")
    assert result.intent == "syllabus"
    assert result.answer.startswith(
        "The course has no topic of its own on batchnorm; the nearest is Layer Normalization")


def test_an_informal_progress_request_is_one(assistant):
    assert assistant.ask("hey how am i doin lately").intent == "progress"


@pytest.mark.parametrize("text, week", [("qiuz me on week 4", 4), ("can you do a tset on the week 9 stuff", 9)])
def test_a_request_word_with_two_letters_swapped_is_read_as_meant(assistant, text, week):
    result = assistant.ask(text)
    assert (result.intent, result.week) == ("quiz", week) and result.quiz


def test_a_quiz_on_an_everyday_word_of_course_titles_is_on_the_topics_titled_with_it(assistant):
    result = assistant.ask("please quiz me on attention")
    assert result.intent == "quiz" and result.quiz
    quizzed = {assistant.course.topic(q.topic_id).title for q in result.quiz}
    assert quizzed and all("Attention" in title for title in quizzed), quizzed


def test_a_quiz_on_a_subject_within_a_week_is_on_that_weeks_topics_of_the_subject(assistant):
    """Not the whole week (layers, ops, padding), and not one topic: the week's activation functions."""
    result = assistant.ask("could you test me on the activation functions from week 2")
    quizzed = {q.topic_id for q in result.quiz}
    assert result.intent == "quiz" and len(quizzed) > 1, result.answer
    assert all("activation" in assistant.course.topic(t).description.lower() for t in quizzed), quizzed


def test_whether_quiz_answers_were_right_is_a_progress_request(assistant):
    assert assistant.ask("did i get my pooling questions wrong yesterday?").intent == "progress"


def test_a_typo_that_made_a_subject_of_a_request_word_does_not_refuse_the_quiz(assistant):
    """ "everythin" is no subject the course lacks: it is "everything", a quiz on where the student is."""
    result = assistant.ask("quiz me on everythin so far")
    assert result.intent == "quiz" and result.quiz, result.answer


def test_a_chat_spelling_of_a_question_word_goes_where_it_means(assistant):
    result = assistant.ask("wich week covers the transformer stuff")
    assert (result.intent, result.week) == ("syllabus", 12), result.answer


@pytest.mark.parametrize("text", ["how am i doing in my statistics class", "what's in week 2 of the accounting course",
                                  "how am i doing in history 201", "how did i do on my chemistry midterm"])
def test_progress_or_an_outline_of_another_course_is_refused(assistant, text):
    result = assistant.ask(text)
    assert result.intent == "out_of_scope" and result.answer.startswith("The course does not cover that, so I cannot")


@pytest.mark.parametrize("text", ["how am i doing in the deep learning course", "what is in week 2 of this course",
                                  "how am i doing in the 13 months course"])  # by its title's words
def test_progress_or_an_outline_of_this_course_is_given(assistant, text):
    assert assistant.ask(text).intent in ("progress", "syllabus")


def test_a_model_numbered_like_a_course_is_this_courses_subject(assistant):
    """ "history 201" is a course of another subject; "resnet 101" is a model of this one."""
    assert assistant.ask("how many layers are in resnet 101").intent == "answer"


def test_whether_the_course_has_a_subject_anywhere_is_answered_with_its_topics(assistant):
    result = assistant.ask("is attention covered anywhere in this course or not")
    assert result.intent == "syllabus" and "Attention" in result.answer, result.answer


def test_a_title_in_chat_shorthand_is_the_title(assistant):
    result = assistant.ask("he init?")  # refused when "init" was read as a word of its own
    assert result.intent == "answer" and result.retrieved[0] == "w10-t08", result.standalone_question


@pytest.mark.parametrize(("text", "topic"), [
    ("quiz me on the trick where you drop the smallest weights to shrink a network", "w09-t11"),  # Pruning
    ("test me about how many inputs a model can handle each second", "w03-t03"),  # Throughput
])
def test_a_quiz_on_a_described_subject_is_on_the_topic_it_describes(assistant, text, topic):
    result = assistant.ask(text)
    assert result.intent == "quiz" and result.quiz, result.answer
    assert result.quiz[0].topic_id == topic, [q.topic_id for q in result.quiz]


def test_a_quiz_asked_for_with_a_count_has_that_many_questions_though_its_topic_has_fewer(assistant):
    """The sigmoid's description makes one question: the rest come from its nearest topics."""
    result = assistant.ask("give me 4 questions on the sigmoid function")
    assert result.intent == "quiz" and len(result.quiz) == 4, result.answer
    assert result.quiz[0].topic_id == "w02-t13" and len({q.topic_id for q in result.quiz}) > 1
    assert result.answer.startswith("Sigmoid Function has only 1 question; the rest are on its nearest topics."), \
        result.answer


def test_filler_words_are_no_subject_of_a_request(assistant):
    """ "everything we've done", "is X even part of it": the filler is the student's, not a subject to refuse."""
    assert assistant.ask("give me 4 questions on everything ive done so far").intent == "quiz"
    where = assistant.ask("is dropout even part of the syllabus?")
    assert where.intent == "syllabus" and "week 8" in where.answer, where.answer


@pytest.mark.parametrize("text", ["quiz me on bakcprop", "giv me sum questons on dropuot"])
def test_a_quiz_on_a_course_word_with_a_slip_of_the_finger_is_made_not_refused(assistant, text):
    result = assistant.ask(text)
    assert result.intent == "quiz" and result.quiz


def test_a_word_the_courses_titles_come_back_to_is_read_in_the_courses_sense_when_nearly_as_close(assistant):
    """ "inference" is a week's title and three topics'; it is also statistics' word."""
    assert assistant.ask("explain inference simply").intent == "answer"
    elsewhere = assistant.ask("how do i bring a sql schema into third normal form, database normalization")
    assert elsewhere.intent == "out_of_scope"


def test_a_quiz_on_a_word_of_a_course_title_is_made_however_little_the_word_says_alone(assistant):
    result = assistant.ask("test me on the medical stuff")  # Medical Imaging Diagnosis
    assert result.intent == "quiz" and result.quiz


@pytest.mark.parametrize(("text", "intent"), [
    ("he init week?", "syllabus"),  # where a topic sits, in two words
    ("c'est où le topic dropout dans le cours?", "syllabus"),  # French
    ("how did I score on k-fold cross validation and the F test", "progress"),
    ("what were my actual scores for week 3?", "progress"),  # not a course called "actual"
    ("what's due before my friday exam?", "progress"),  # a day, not a course
    ("please set a reminder for my chemistry exam next tuesday", "out_of_scope"),
])
def test_more_everyday_requests_go_where_they_mean(assistant, text, intent):
    assert assistant.ask(text).intent == intent
