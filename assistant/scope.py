"""Is the question about the course at all? Several signals, one score.

Dense similarity alone refuses fair questions whose wording is far from the course's ("GAP",
"ONNX", latency) and accepts near-topic probes ("the weather in Paris" near "Global Temperature
Change Prediction"). Together with the lexical evidence (BM25 per query term), a course topic
named in the question, whether the dense and lexical searches agree on the topic, and the intent
model's reading of the request as another subject, the decision is sharper. The weights and the
threshold were chosen on the dev splits of the evaluation (`dlstudy eval --suite students
--split dev` draws the precision/recall curve of the threshold).
"""

from __future__ import annotations

from dataclasses import dataclass

# A course topic named in the question lowers the bar, but not to nothing: a few titles are
# everyday words ("Laptops", "Media"), and "best laptops for gaming" is not about the course.
NAMED_BONUS = 0.12
AGREEMENT_BONUS = 0.03  # dense and lexical search put the same topic first
LEXICAL_WEIGHT = 0.02  # per unit of BM25 score per query term, capped
LEXICAL_CAP = 0.06
OFF_COURSE_PENALTY = 0.08  # the intent model reads it as chit-chat or another subject
# At or above this the course covers the question (or partly: see assistant.coverage).
IN_SCOPE_MIN_SCORE = 0.37
# Between this and IN_SCOPE_MIN_SCORE the question is near the course but not in it ("how does
# a GRU cell work?"): answered as partial, naming the nearest topics, unless the intent model
# reads it as another subject altogether.
PARTIAL_MIN_SCORE = 0.27


@dataclass(frozen=True)
class ScopeSignals:
    dense: float  # cosine similarity of the best passage
    lexical: float  # best BM25 score divided by the number of query terms
    named: bool  # the question names a course topic found among the hits
    agree: bool  # dense and lexical search agree on the first topic
    off_course_vote: bool = False


def scope_score(signals: ScopeSignals) -> float:
    score = signals.dense + min(LEXICAL_WEIGHT * signals.lexical, LEXICAL_CAP)
    if signals.named:
        score += NAMED_BONUS
    if signals.agree:
        score += AGREEMENT_BONUS
    if signals.off_course_vote:
        score -= OFF_COURSE_PENALTY
    return score
