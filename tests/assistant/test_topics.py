"""Topic recognition: a student names a course topic, however either side spells it."""

import pytest

from assistant.topics import NAMED_MIN_SCORE, also_known_as, title_aliases


def test_every_checklist_title_names_its_own_topic_first(course, matcher):
    for topic in course.topics:
        best = matcher.match(topic.title, limit=1)[0]
        assert (best.topic_id, best.score) == (topic.id, 1.0), topic.title


@pytest.mark.parametrize(("text", "topic_id"), [
    # the checklist's typos, spelled correctly by the student
    ("what is dilated convolution?", "w09-t07"),  # "Dialted Convolution"
    ("explain image segmentation", "w10-t05"),  # "Image Segementation"
    ("the exploration exploitation dilemma", "w09-t10"),  # "Exploration Exploitation Dilema"
    ("how do transformers work", "w12-t03"),
    # the student's typos
    ("Transforers", "w12-t03"),
    ("alexnt architecture", "w05-t11"),
    ("relu activaton", "w02-t15"),
    ("what is backpropogation", "w04-t04"),
    ("explain overfiting", "w04-t08"),
])
def test_typos_on_either_side_still_name_the_topic(matcher, text, topic_id):
    best = matcher.match(text)[0]
    assert best.topic_id == topic_id
    assert best.score >= NAMED_MIN_SCORE


def test_a_bare_segmentation_offers_both_segmentation_topics(matcher):
    assert {m.topic_id for m in matcher.match("segmentation", limit=2)} == {"w05-t08", "w10-t05"}


@pytest.mark.parametrize(("text", "topic_id"), [
    ("what is GeLU?", "w02-t17"),
    ("explain the ELU function", "w02-t14"),
    ("what does SeLU do", "w02-t16"),
    ("what is an MLP", "w01-t06"),  # acronym in parentheses: "Multilayer Perceptron (MLP)"
    ("what is a CNN", "w05-t01"),
    ("convolutional neural networks", "w05-t01"),  # title without its "(CNN)", stemmed
    ("what is a perceptron", "w01-t05"),  # "Perceptron (1st breakthrough)"
    ("multi layer perceptron", "w01-t06"),
    ("explain global average pooling", "w02-t20"),
    ("ROI pooling", "w02-t21"),
    ("alex net vs vgg", "w05-t11"),  # "AlexNet" written as two words
    ("resnet-50 layers", "w05-t19"),
    ("zipf's law", "w11-t08"),
    ("quiz me on dropout", "w08-t09"),  # "Dropout in Tensorflow": the framework is context
    ("what is the bias variance tradeoff", "w04-t12"),  # the whole title beats "Variance" alone
    ("what is a residual connection", "w09-t03"),  # as written beats "Residual Connections"
    ("explain training vs inference", "w03-t02"),  # and not "Training and Inference"
    ("how does GELU differ from ReLU in BERT", "w02-t17"),  # both named: the first mention leads
])
def test_the_topic_named_in_the_question_comes_first(matcher, text, topic_id):
    best = matcher.match(text)[0]
    assert best.topic_id == topic_id
    assert best.score >= NAMED_MIN_SCORE


def test_a_title_is_named_by_its_coined_word_alone(matcher):
    """ "MaxPool" is the MaxPool op and "ONNX" the ONNX Format, so "what do MaxPool, Global
    Average Pooling and ROI Pooling each do" lists three topics in the student's order; a word
    everyday English has ("sigmoid colon") does not name its title alone."""
    listed = matcher.named("what do MaxPool, Global Average Pooling and ROI Pooling each do?")
    named = [m.topic_id for m in sorted(listed, key=lambda m: m.start)]
    assert named == ["w02-t23", "w02-t20", "w02-t21"]
    assert [m.topic_id for m in matcher.named("how is ONNX different?")] == ["w03-t08"]
    assert not matcher.named("my doctor found a polyp in my sigmoid colon")
    # ...and a name English hardly writes calls its title though everyday words follow it
    assert [m.topic_id for m in matcher.named("what are kohonen maps for?")] == ["w06-t06"]


def test_a_name_run_together_from_the_title_words_names_it(matcher):
    """ "adagrad" is ADAptive GRADient (Algorithm), "layernorm" LAYER NORMalization; an English
    word made of such starts ("graduate") is not."""
    assert [m.topic_id for m in matcher.named("adagrad or rmsprop?")] == ["w09-t06"]
    assert [m.topic_id for m in matcher.named("why layernorm?")] == ["w02-t25"]
    assert not matcher.named("a graduate student asked")


def test_a_titles_initials_name_it(matcher):
    """ "bpe" is Byte Pair Encoding and "SDPA" Scaled Dot Product Attention; initials English
    writes as a word ("mid" for Medical Imaging Diagnosis) or that stand for a name are not."""
    assert [m.topic_id for m in matcher.named("bpe?")] == ["w11-t07"]
    assert [m.topic_id for m in matcher.named("why is SDPA scaled?")] == ["w11-t03"]
    assert not matcher.named("a mid size model")


def test_short_names_are_not_read_into_longer_words(matcher):
    named = {m.topic_id for m in matcher.named("explain the ELU function")}
    assert named == {"w02-t14"}  # not GeLU, SeLU or ReLU
    assert "w02-t14" not in {m.topic_id for m in matcher.named("what is relu")}
    assert matcher.named("what is a running mean") == []  # not "Pruning"


@pytest.mark.parametrize("text", [
    "what is the capital of France?",
    "how do I bake sourdough bread",
    "who won the football world cup",
    "what is a 5x5 kernel",
])
def test_questions_naming_no_topic_name_none(matcher, text):
    assert matcher.named(text) == []


def test_a_partial_mention_scores_below_named(matcher):
    scores = {m.topic_id: m.score for m in matcher.match("what is BERT")}
    assert 0 < scores["w11-t02"] < NAMED_MIN_SCORE  # "BART vs BERT" is related, not named


def test_matches_carry_verbatim_titles_weeks_and_where_they_were_found(matcher):
    text = "Is Dialted Convolution in week 9?"
    match = matcher.match(text)[0]
    assert (match.topic_id, match.title, match.week) == ("w09-t07", "Dialted Convolution", 9)
    assert text[match.start:match.end] == "Dialted Convolution"
    assert len(matcher.match("convolution", limit=3)) == 3


def test_aliases_are_derived_from_the_title():
    assert {"Multilayer Perceptron", "MLP"} <= set(title_aliases("Multilayer Perceptron (MLP)"))
    assert "1st breakthrough" not in title_aliases("Perceptron (1st breakthrough)")
    assert "Max Pool op" in title_aliases("MaxPool op")
    assert "Dropout" in title_aliases("Dropout in Tensorflow", context_words={"tensorflow"})
    assert "Hinge Loss" not in title_aliases("Hinge Loss for SVM", context_words={"tensorflow"})


def test_a_title_spelt_exactly_is_not_also_a_title_it_resembles(matcher):
    assert [m.title for m in matcher.named("and how about retinanet")] == ["RetinaNet"]
    assert [m.title for m in matcher.named("and how about refinenet")] == ["RefineNet"]


def test_the_words_of_a_title_far_apart_do_not_name_it(matcher):
    """A long message says "formats" in one sentence and "ONNX" in another: ONNX is named where it
    stands, and "layers" at the start with "different" at the end names no "Different Layers"."""
    text = ("we argue about file formats at work all the time, and about speed. so before i start, "
            "where does the course get to ONNX?")
    onnx = [m for m in matcher.named(text) if m.topic_id == "w03-t08"]
    assert onnx and text[onnx[0].start:onnx[0].end] == "ONNX"
    for text in ("layers are what my manager keeps asking me about, and it is all so different",
                 "with layers piled up, is that different?"):
        assert not [m for m in matcher.named(text) if m.topic_id == "w02-t01"], text


def test_another_name_the_description_gives_names_the_topic(matcher):
    assert also_known_as("He initialization, also known as Kaiming Initialization, is a technique") == [
        "Kaiming Initialization", "Kaiming"]  # a name English does not write names it alone
    assert also_known_as("also known as logistic function is considered") == ["logistic function"]
    assert [m.topic_id for m in matcher.named("is kaiming init any good")][:1] == ["w10-t08"]
