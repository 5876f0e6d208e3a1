"""Text helpers shared by every stage."""

from __future__ import annotations

from core.text import as_typed, fix_typos, run_together, slip_of, unstretched


def test_a_word_english_never_writes_is_read_as_the_common_word_it_misspells():
    assert fix_typos("show me my wekaest tpoics") == "show me my weakest topics"


def test_the_courses_own_names_short_words_and_real_words_are_left_as_written():
    assert fix_typos("Xception vs Inception", keep=["xception"]) == "Xception vs Inception"
    assert fix_typos("Xception vs Inception") == "exception vs Inception"  # without the course's words
    assert fix_typos("what is backprop", keep=["backpropagation"]) == "what is backprop"  # a shortening
    assert fix_typos("gru pls rn") == "gru pls rn"
    assert fix_typos("is overfitting bad") == "is overfitting bad"


def test_a_word_english_writes_only_as_a_typo_is_corrected_and_a_rare_word_of_its_own_is_not():
    assert fix_typos("show my progess") == "show my progress"
    assert fix_typos("wich one is it") == "wich one is it"  # seen too often to be only a typo


def test_two_swapped_letters_in_a_common_short_word_are_a_typo_but_not_in_a_name():
    assert fix_typos("qiuz me on it, a tset") == "quiz me on it, a test"
    assert fix_typos("relu or tanh or onnx") == "relu or tanh or onnx"


def test_words_typed_without_spaces_come_apart_into_the_fewest_common_words():
    assert run_together("howdidido") == ("how", "did", "i", "do")
    assert run_together("whatweek") == ("what", "week")
    assert run_together("tellme") == ("tell", "me")


def test_a_name_or_a_course_word_is_no_run_of_common_words():
    for word in ("backprop", "adagrad", "alexnet", "softmax", "kenapa"):
        assert run_together(word) is None, word


def test_a_slip_of_the_finger_in_a_course_word_or_its_start_is_that_word():
    words = sorted(["backpropagation", "dropout", "resnet", "xception"])
    assert slip_of("bakcprop", words) == "backpropagation"  # two letters swapped in its start
    assert slip_of("bakprop", words) == "backpropagation"  # a letter left out
    assert slip_of("dropuot", words) == "dropout"


def test_a_name_a_letter_away_from_a_course_word_is_no_slip():
    words = sorted(["backpropagation", "resnet", "xception"])
    assert slip_of("resnext", words) is None  # a letter added: a model of its own
    assert slip_of("exception", words) is None  # a letter changed
    assert slip_of("resnet", words) is None  # written right


def test_typography_is_read_as_a_plain_keyboard_types_it():
    assert as_typed("what\u00a0is “dropout”… and GPT\u20113.5 — when?") == 'what is "dropout"... and GPT-3.5 - when?'
    assert as_typed("در هفته ۱۱ چه؟") == "در هفته 11 چه?"  # Persian digits and question mark
    assert as_typed("week ３") == "week 3"  # full width


def test_a_stretched_word_is_read_as_english_writes_it():
    assert unstretched("pleeease quiz meee, whyyy is it sooo gooood") == "please quiz me, why is it so good"
    assert unstretched("week iii, www.opengenus.org, AAA") == "week iii, www.opengenus.org, AAA"  # as written
