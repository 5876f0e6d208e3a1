"""The glossary names the concepts a question asks about, as students write them, and only those."""

from __future__ import annotations

from core.glossary import Glossary, glossary

SMALL = Glossary([
    "batch normalization | batch normalisation | batchnorm | BN",
    "long short-term memory | LSTM",
    "forget gate",
    "mean average precision | mAP",
    "standardization | z-score normalization",
])


def _names(text: str, terms: Glossary = SMALL) -> list[str]:
    return [term.name for term in terms.find(text)]


def test_a_concept_is_found_by_any_of_its_names_in_any_case_and_number():
    assert _names("batchnorm vs BN vs Batch Normalisation") == ["batch normalization"]
    assert _names("what do the forget gates of lstms do") == ["forget gate", "long short-term memory"]


def test_the_student_is_quoted_as_they_wrote_it():
    assert [term.written for term in SMALL.find("how do LSTMs forget")] == ["LSTMs"]


def test_a_capitalised_name_that_is_an_everyday_word_counts_only_as_written():
    assert _names("the mAP of a detector") == ["mean average precision"]
    assert _names("where is it on the map") == []


def test_words_are_not_cut_to_stems_that_join_different_words():
    """Snowball makes "standard" of "standardization": the standard way is no z-score."""
    assert _names("what is the standard way to do it") == []
    assert _names("what is standardization") == ["standardization"]


def test_the_bundled_glossary_knows_the_concepts_a_student_names():
    question = "does softmax or the Adam optimizer matter for a diffusion model or a GRU"
    found = {term.written for term in glossary().find(question)}
    assert {"softmax", "Adam optimizer", "diffusion model", "GRU"} <= found
    assert glossary().find("how do I make my network train faster on my laptop") == []


def test_a_name_that_is_one_letter_as_words_go_names_nothing():
    # "μP" is read as the word "p", which is also what is left of "på" (Danish's "on").
    terms = Glossary(["maximal update parametrization | μP | muP", "BERT"])
    assert [term.name for term in terms.find("forskellen på BERT")] == ["BERT"]
    assert [term.name for term in terms.find("is muP worth it")] == ["maximal update parametrization"]
