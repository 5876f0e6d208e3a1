"""Is the question about the course at all? Several signals, one score.

Dense similarity alone refuses fair questions whose wording is far from the course's ("two
networks that fight each other", "how long does one request take to come back from the model")
and accepts near-topic probes ("the weather in Paris" near "Global Temperature Change
Prediction"). Together with the lexical evidence (BM25 per query term), a course topic named in
the question, whether the dense and lexical searches agree on the topic, and the intent model's
reading of the request (a course question, or another subject, and how surely), the decision is
sharper: the intent model has seen how students ask, the passages have not. The weights and the
threshold were chosen on the dev splits of the evaluation (`dlstudy eval --suite students
--split dev` draws the precision/recall curve of the threshold and marks the chosen one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.intent_model import IntentVote

# A course topic named in the question lowers the bar, but not to nothing: a few titles are
# everyday words ("Laptops", "Media").
NAMED_BONUS = 0.12
AGREEMENT_BONUS = 0.03  # dense and lexical search put the same topic first
LEXICAL_WEIGHT = 0.02  # per unit of BM25 score per query term, capped
LEXICAL_CAP = 0.06
# The intent model's reading, weighted by its confidence: a course question lifts the score, chit-
# chat or another subject lowers it. Descriptive course questions ("split data into k parts, train
# k times") share few words with any passage, but read as course questions.
VOTE_WEIGHT = 0.25
OFF_COURSE_CONFIDENCE = 0.5  # at least this sure it is another subject: never a partial answer
# At least this sure, and no course topic named: another subject whatever words it shares with
# the course ("how do neurons in the brain pass a signal across the synapse" shares the
# Artificial Neural Network paragraph's). On the dev splits no course question is read so.
SURE_OFF_COURSE = 0.9
# At or above this the course covers the question (or partly: see assistant.coverage). Read off
# the dev curve once the dev split held hard near misses (other fields' neurons, transformers,
# regression tests): best F1 at 0.310, where false refusals are 2%. A request without a vote (a
# quiz's subject, "organic chemistry") is held to the same bar.
IN_SCOPE_MIN_SCORE = 0.31
# Between this and IN_SCOPE_MIN_SCORE the question is near the course but not in it ("how does
# a GRU cell work?"): answered as partial, naming the nearest topics, unless the intent model
# reads it as another subject altogether.
PARTIAL_MIN_SCORE = 0.27
# From this score up, a question naming a concept of the glossary that no passage found mentions
# ("what is a GRU", "perplexity") is answered as partial, naming the nearest topics,
# unless the intent model reads it as another subject: the student asks about the course's
# field. Below it the evidence says another subject. On the dev split 0.0 and -0.1 give the same
# (coverage 0.883 -> 0.914, refusal recall unchanged, false refusals 0.019 -> 0.014); 0.15 half.
CONCEPT_NEAR_MIN_SCORE = 0.0
# In a conversation, from this score up a question whose best passage is on the topic the last
# answer quoted, or a topic of its week, goes on with it and is answered ("and the variational
# kind?" after Autoencoders; "and the conv with holes in the kernel?" after Winograd). On the dev
# split the off-course turns in the middle of conversations score far below (0.13 at most).
GOES_ON_MIN_SCORE = 0.2
# For a course whose every topic students' phrasings know (the bundled one), the closer of the
# best passage and the closest phrasing is the evidence: "most common word appears twice as often
# as the second one" is far from the Zipf's Law paragraph, near how students ask about it. A
# question is nearer another question than a paragraph, so that evidence is set back by this much
# to the passages' scale; read off the dev curve (`dlstudy eval --split dev`: with it, the bar
# lies between the best F1 and the most refused with at most 2% false refusals). Another course
# keeps the passages-only score and its bar.
SAID_OFFSET = 0.36
# How much nearer another subject's requests than the course's a question naming a word of
# several course titles may be and still be the course's (`ScopeSignals.nearer_elsewhere`); set on
# the dev split: "what's inference" is 0.10 nearer statistics, database normalization 0.29.
TITLE_WORD_MARGIN = 0.15


@dataclass(frozen=True)
class ScopeSignals:
    dense: float  # cosine similarity of the best passage
    lexical: float  # best BM25 score divided by the number of query terms
    named: bool  # the question names a course topic found among the hits
    agree: bool  # dense and lexical search agree on the first topic
    course_vote: float = 0.0  # the intent model: +confidence "a course question", -confidence "another subject"
    said: float | None = None  # cosine of the closest way students put a course topic (assistant/rerank)
    # Cosine of the closest request known to be another subject (the intent model's out-of-scope
    # examples, unmasked, and other fields' questions in the course's words), where `said` is known.
    elsewhere: float | None = None
    concept: bool = False  # the question names a concept of deep learning (core.glossary)
    title_word: bool = False  # ...or a specialist word of several course titles (`TopicReranker.names_a_title_word`)

    @property
    def off_course(self) -> bool:
        return self.course_vote <= -OFF_COURSE_CONFIDENCE

    @property
    def nearer_elsewhere(self) -> bool:
        """A question nearer a request of another subject than any way students put a course
        topic, and naming no concept of deep learning: another field's sense of the course's
        words ("how many layers of paint does a wall need"). The intent model cannot tell, as it reads
        requests with the course's topics masked, to learn what is wanted rather than what
        about; a course question in everyday words is nearer how students put its topic (on the
        dev split the closest is 0.05 short of another subject). Only for what the intent model
        reads as a question: the phrasings are questions, not "quiz me on" requests. A word the
        course's titles come back to settles a near tie for the course ("what's inference"),
        not a clear lead of another field ("third normal form in database normalization")."""
        if self.course_vote <= 0 or self.elsewhere is None or self.said is None or self.concept:
            return False
        return self.elsewhere > self.said + (TITLE_WORD_MARGIN if self.title_word else 0.0)


def course_vote(vote: IntentVote | None) -> float:
    """The intent model's vote as one signed number: its confidence that the request is a course
    question, negative for chit-chat or another subject; 0 for commands or no vote."""
    if vote is None:
        return 0.0
    return {"answer": vote.confidence, "out_of_scope": -vote.confidence}.get(vote.label, 0.0)


def scope_score(signals: ScopeSignals) -> float:
    if signals.course_vote <= -SURE_OFF_COURSE and not signals.named:
        return 0.0
    evidence = signals.dense if signals.said is None else max(signals.dense, signals.said) - SAID_OFFSET
    score = evidence + min(LEXICAL_WEIGHT * signals.lexical, LEXICAL_CAP)
    if signals.named:
        score += NAMED_BONUS
    if signals.agree:
        score += AGREEMENT_BONUS
    return score + VOTE_WEIGHT * signals.course_vote
