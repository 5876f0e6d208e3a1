"""Quiz requests made in words ("quiz me on week 5", "test me on dropout", "quiz me on that")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assistant.coverage import lacking, unexplained
from assistant.handlers.refusal import refuse
from assistant.handlers.registry import Request, handles
from assistant.models import AskResult
from assistant.quiz_models import Quiz, QuizQuestion, SkippedTopic
from assistant.request_subjects import request_subject, request_subject_parts, subject_as_written
from assistant.retrieval import Retrieval
from assistant.scope import IN_SCOPE_MIN_SCORE, course_vote
from assistant.several import titles
from assistant.terms import specialist_stems, word_stems
from assistant.topics import TopicMatcher, titled_with
from assistant.weeks import week_mentions
from core.course import Course, Topic
from core.glossary import glossary
from core.text import STOPWORDS, words

if TYPE_CHECKING:
    from assistant.service import Assistant


_EARLIER = 4  # how many of the conversation's questions say what it was about
# The request points to what the conversation went through, not to a whole week.
_WENT_THROUGH = re.compile(r"\bwe(?:'ve| have)? (?:just |already )?(?:went|gone|been) (?:through|over)\b"
                           r"|\bwe(?:'ve| have)? (?:just |already )?(?:covered|discussed|talked about|talked through|"
                           r"looked at|did|aligned on|went over)\b"
                           r"|\byou (?:just |already )?(?:explained|mentioned|told me about)\b"
                           r"|\bfrom (?:before|earlier)\b",
                           re.IGNORECASE)
CHOSEN_FROM_DISCUSSED = 2  # "the tensor basics we just did": the discussed topics nearest the subject


# "quiz me on what I got wrong", "the ones I missed", "my weak spots": the student's own wrong answers.
_MISTAKES = re.compile(r"\b(?:i|i've|ive|we)\s+(?:\w+\s+)?(?:got|get|gotten|answered|had|did)\s+(?:\w+\s+)?wrong\b"
                       r"|\b(?:i|i've|ive)\s+(?:missed|failed|messed up|flunked)\b"
                       r"|\bmy (?:mistakes|errors|wrong answers|wrong ones)\b|\b(?:my|the) missed (?:ones|questions)\b"
                       r"|\b(?:my|all the|all my) weak(?:est)? (?:spots?|points?|topics?|areas?)\b",
                       re.IGNORECASE)
MISTAKEN_TOPICS = 3  # the latest topics a quiz on the student's mistakes goes back over
TOP_UP_TOPICS = 3  # the nearest topics a quiz short of the questions asked for takes the rest from


@handles("quiz")
def quiz(assistant: Assistant, request: Request) -> AskResult:
    """A quiz on a week, a named topic, the topic of the conversation, the student's mistakes, or
    on what the request is about; a quiz on something the course does not cover is refused with
    its neighbours."""
    if _MISTAKES.search(request.standalone) and not request.intent.topic_ids:
        return _on_mistakes(assistant, request)
    gone_through = _gone_through(assistant, request) or _of_the_week(assistant.course, request)
    week = None if gone_through else request.week
    if week and (absent := _titled_week_of_absent(assistant, request)) is not None:  # "on the adam optimizer"
        return refuse(request, absent, "quiz you on that")
    topic_ids = gone_through or request.intent.topic_ids or ([] if week else request.carried)
    listed = gone_through or ([] if week else request.intent.topic_ids)  # "quiz me on ELU and SeLU": on each
    subject = None if week or gone_through else request_subject(request.searched)
    if subject and len(names := _names_only(assistant.matcher, subject)) > 1:  # "on alexnet vgg googlenet"
        listed = topic_ids = names
    elif subject:
        # The subject asked for decides, even when a course topic is named elsewhere in the
        # request ("I'm bored of neural nets, quiz me on famous painters instead").
        # The meaning model's reading of the request counts against a subject it reads as
        # another one ("quiz me on the french revolution" shares a word with "LLM Revolution");
        # else the subject is judged as the question about it would be: "the trick where you drop
        # the smallest weights" is a course question (pruning), "famous painters" is not.
        against = min(0.0, course_vote(request.routed.vote))
        written = subject_as_written(request.searched)
        vote = against or course_vote(assistant.router.question_vote(f"what is {written}?"))
        # One subject is searched as written (a description needs its words in order); a list
        # ("on swish and sigmoid") by its words, and part by part below when that finds nothing.
        subject_parts = request_subject_parts(request.searched)
        one = len(subject_parts) < 2
        retrieval = assistant.reranker.search(written if one else subject, k=3, course_vote=vote)
        if (_absence(assistant, written) is not None if one
                else all(_absence(assistant, part) is not None for part in subject_parts)):
            return refuse(request, retrieval, "quiz you on that")  # "on graph neural networks", "on GRUs and CLIP"
        titled = _titled_with(assistant.course, subject, retrieval)  # "the medical ones": Medical Imaging ...
        if (retrieval.scope_score >= IN_SCOPE_MIN_SCORE or _named_in_first_title(assistant.course, subject, retrieval)
                or titled):
            # The best topic, then the runner-up: the first may have nothing to ask ("the skip
            # connection thing": Residual Connection only points to its article; the week-4
            # Residual Connections has questions), and the quiz then says which it left out and why.
            topic_ids = topic_ids or retrieval.topic_ids[:2]
            if not request.intent.topic_ids and len(titled) > 1:
                listed = topic_ids = titled  # "quiz me on attention": Self Attention and Attention Mechanism
        else:  # "on sigmoid and swish": a list is searched part by part
            parts = [assistant.reranker.search(part, k=3, course_vote=vote) for part in subject_parts]
            found = [part.topic_ids[0] for part in parts if part.scope_score >= IN_SCOPE_MIN_SCORE]
            if len(parts) < 2 or not found:
                return refuse(request, retrieval, "quiz you on that")
            listed = topic_ids = list(dict.fromkeys(found))
    if topic_ids and topic_ids[0] in request.carried:
        # "quiz me on that": a topic with nothing to ask (its description only points to the
        # article) gives way to the next topic the conversation was about.
        topic_ids = list(dict.fromkeys([*topic_ids, *request.carried]))
    several = len(listed) > 1
    if several:
        made = _quiz_on_several(assistant, request.intent.count or 5, listed)
    else:
        made = _make_quiz(assistant, request.intent.count, week, topic_ids)
    asked = [] if week or made.questions else listed if several else topic_ids[:1]
    missing = [skipped for skipped in made.skipped if skipped.topic_id in asked]
    if missing:  # every topic asked for has nothing to ask: the nearest that have questions instead
        made = _instead(assistant, request, asked, made)
    wanted, fewer = request.intent.count, ""
    # "5 questions on X" when X has 1; not "3 questions on it" of the topic just discussed: that one
    if wanted and not week and made.questions and len(made.questions) < wanted \
            and made.questions[0].topic_id not in request.carried:
        own = made.questions
        made = _topped_up(assistant, wanted, made)
        several = several or len({question.topic_id for question in made.questions}) > 1
        if len(made.questions) > len(own):  # said, so the student knows why other topics came in
            fewer = _fewer_than_asked(own, assistant.course)
    return request.result(intent="quiz", answer=fewer + describe_quiz(made, assistant.course, several, missing),
                          grounded=True, quiz=made.questions, week=made.week)


def _on_mistakes(assistant: Assistant, request: Request) -> AskResult:
    """A quiz on the topics of the student's latest wrong answers (of the week asked for, if one
    was); with none, the quiz the student would get otherwise, and a word on why."""
    wrong = [a.topic_id for a in reversed(assistant.progress.history())
             if not a.correct and (not request.week or a.week == request.week)]
    topics = list(dict.fromkeys(wrong))[:MISTAKEN_TOPICS]
    count = request.intent.count or 5
    if not topics:
        made = _make_quiz(assistant, count, request.week, [])
        of_week = f" of week {request.week}" if request.week else ""
        answer = f"You have not answered any quiz question{of_week} wrong yet. {describe_quiz(made, assistant.course)}"
    else:
        made = _quiz_on_several(assistant, count, topics)
        answer = f"On what you got wrong before: {describe_quiz(made, assistant.course, several=True)}"
    return request.result(intent="quiz", answer=answer, grounded=True, quiz=made.questions, week=made.week)


def _names_only(matcher: TopicMatcher, subject: str) -> list[str]:
    """The topics a subject made of their names only names ("alexnet vgg googlenet", typed without
    commas), in its order; [] when it has a word of its own, or is one term made of names
    ("graph neural networks" is no Graphs with Tensorflow and Neural Network)."""
    named = sorted(matcher.named(subject), key=lambda found: found.start)
    lowered = subject.lower()
    for term in glossary().find(subject):
        at = lowered.find(term.written.lower())
        if sum(found.start < at + len(term.written) and at < found.end for found in named) > 1:
            return []
    rest = subject
    for found in reversed(named):
        rest = f"{rest[:found.start]} {rest[found.end:]}"
    if any(word not in STOPWORDS for word in words(rest)):
        return []
    return list(dict.fromkeys(found.topic_id for found in named))


def _absence(assistant: Assistant, subject: str) -> Retrieval | None:
    """The passages the subject alone finds, when it names a term or a concept the course lacks
    ("batch normalization", "GRUs", "graph neural networks"); None when the course has it. A
    question on such a subject gets a partial answer naming its neighbours, but a quiz on the
    neighbours would not test what was asked for. Judged as a question about it would be."""
    retrieval = assistant.reranker.search(subject, k=3)
    absent = lacking(subject, retrieval, assistant.retriever) or unexplained(subject, retrieval)
    return retrieval if absent else None


def _titled_week_of_absent(assistant: Assistant, request: Request) -> Retrieval | None:
    """A quiz whose week is read from a word of a week's title only ("optimizer" of Optimization)
    in a subject the course lacks ("the adam optimizer"), which a quiz on that week would not
    test: the subject's retrieval, for the refusal's nearest topics; else None."""
    if any(m.explicit for m in week_mentions(request.searched, assistant.course)):
        return None
    if not request_subject(request.searched):
        return None
    return _absence(assistant, subject_as_written(request.searched))


def _named_in_first_title(course: Course, subject: str, retrieval: Retrieval) -> bool:
    """Every specialist word of the subject is in the best topic's title: "the gpt family" is GPT
    Models, however little else of the request the course has ("family"); a subject of everyday
    words only ("attention") when all of them are."""
    specialist = specialist_stems(subject) or word_stems(subject)
    return bool(specialist and retrieval.topic_ids) and specialist <= word_stems(
        course.topic(retrieval.topic_ids[0]).title)


def _titled_with(course: Course, subject: str, retrieval: Retrieval) -> list[str]:
    """The topics among retrieval's best whose titles hold every word of the subject."""
    titled = {topic.id for topic in titled_with(course, subject)}
    return [topic_id for topic_id in retrieval.topic_ids if topic_id in titled]


def _gone_through(assistant: Assistant, request: Request) -> list[str]:
    """ "quiz me on the week 11 stuff we just went through": the conversation's topics of that
    week; "on the memory trick from before": the discussed topics nearest what it says, else all of
    them ([] for any other request, or when the conversation discussed none)."""
    if not request.discussed or not _WENT_THROUGH.search(request.standalone):  # in English: "die we besproken hebben"
        return []
    if request.week:
        return [topic_id for topic_id in request.discussed if assistant.course.topic(topic_id).week == request.week]
    subject = request_subject(request.searched)
    nearest = assistant.reranker.search(subject, k=10).topic_ids if subject else []
    return [t for t in nearest if t in request.discussed][:CHOSEN_FROM_DISCUSSED] or list(request.discussed)


def _of_the_week(course: Course, request: Request) -> list[str]:
    """ "quiz me on the week 2 activation functions": the topics of the week whose words the
    subject's are among, when they are some of the week's topics, not all of them ([] when the
    request names no week, or no subject but the week's title: "the week 5 CNN models")."""
    if not request.week:
        return []
    wanted = word_stems(request_subject(request.searched))
    if not wanted or wanted <= word_stems(course.week(request.week).title):
        return []
    week = course.week(request.week).topics
    fitting = [topic.id for topic in week if wanted <= word_stems(f"{topic.title} {topic.description}")]
    return fitting if len(fitting) < len(week) else []


def _instead(assistant: Assistant, request: Request, asked: Sequence[str], empty: Quiz) -> Quiz:
    """A quiz on the topics nearest those `asked` that have questions (`empty` when none has).
    Topics the conversation led to ("quiz me on those two") give way to what it was about; a
    subject named anew ("quiz me on the pooling stuff") to its own neighbours."""
    ours = set(asked) <= set(request.carried)
    nearest = _nearest_with_questions(assistant, asked, request.carried if ours else [],
                                      request.earlier if ours else [])
    if not nearest:
        return empty
    instead = _quiz_on_several(assistant, request.intent.count or 5, nearest)
    return instead.model_copy(update={"skipped": [*empty.skipped, *instead.skipped]})


def _make_quiz(assistant: Assistant, count: int | None, week: int | None, topic_ids: Sequence[str]) -> Quiz:
    """A named topic's quiz when no week was asked for (the first of `topic_ids` that has
    questions), else the week's (by default the first week not yet fully studied: where a
    student most likely is)."""
    if topic_ids and not week:
        quizzes = (assistant.quiz(assistant.course.topic(topic_id).week, n=count or 5, topic_id=topic_id)
                   for topic_id in topic_ids)
        first = next(quizzes)
        if first.questions:
            return first
        made = next((made for made in quizzes if made.questions), first)
        # The answer then says why the topic asked about was left out.
        return made if made is first else made.model_copy(update={"skipped": first.skipped + made.skipped})
    return assistant.quiz(week or _suggested_week(assistant), n=count or 5)


def _quiz_on_several(assistant: Assistant, count: int, topic_ids: Sequence[str]) -> Quiz:
    """`count` questions taken in turn from each topic's quiz, so every topic asked for has its
    share (a topic with nothing to ask leaves its share to the others)."""
    quizzes = [assistant.quiz(assistant.course.topic(t).week, n=count, topic_id=t) for t in topic_ids]
    pools = [list(quiz.questions) for quiz in quizzes]
    questions: list[QuizQuestion] = []
    while len(questions) < count and any(pools):
        questions += [pool.pop(0) for pool in pools if pool][:count - len(questions)]
    return Quiz(week=quizzes[0].week, questions=questions, skipped=[s for quiz in quizzes for s in quiz.skipped])


def _topped_up(assistant: Assistant, count: int, made: Quiz) -> Quiz:
    """A quiz on a topic with fewer questions than the student asked for, with the rest from the
    nearest topics that have some: five questions were asked for, not one."""
    own = list(dict.fromkeys(question.topic_id for question in made.questions))
    neighbours = _nearest_with_questions(assistant, own, [], [], limit=TOP_UP_TOPICS)
    if not neighbours:
        return made
    more = _quiz_on_several(assistant, count - len(made.questions), neighbours)
    return made.model_copy(update={"questions": [*made.questions, *more.questions]})


def _fewer_than_asked(own: Sequence[QuizQuestion], course: Course) -> str:
    """ "Sigmoid Function has only 1 question; the rest are on its nearest topics. " """
    topics = list(dict.fromkeys(question.topic_id for question in own))
    has, its = ("has", "its") if len(topics) == 1 else ("have", "their")
    counted = f"{len(own)} question{'s' if len(own) != 1 else ''}"
    return f"{titles(topics, course)} {has} only {counted}; the rest are on {its} nearest topics. "


def _suggested_week(assistant: Assistant) -> int:
    studied = assistant.progress.studied_topics()
    for week in assistant.course.weeks:
        if any(topic.id not in studied for topic in week.topics):
            return week.week
    return 1


def _nearest_with_questions(assistant: Assistant, asked: Sequence[str], carried: Sequence[str],
                            earlier: Sequence[str], limit: int | None = None) -> list[str]:
    """As many topics as were asked for (or `limit`) that have questions: the conversation's others first, then
    those of the asked topics' weeks nearest what the conversation asked (what the student
    described may not be what was cited), else nearest the asked topics themselves ("quiz me on
    Tensorflow.js": Matmul Tensorflow); a topic of the same title in another week before them."""
    course = assistant.course
    if earlier:
        said = np.max([assistant.reranker.cosines(assistant.retriever.embed(q)[1]) for q in earlier[:_EARLIER]], axis=0)
        row = {topic.id: at for at, topic in enumerate(course.topics)}

        def closeness(topic: Topic) -> float:
            return float(said[row[topic.id]])
    else:
        def closeness(topic: Topic) -> float:
            return max(assistant.topic_space.similarity(course.topic(t), topic) for t in asked)
    # the same title in another week first ("Residual Connection" of week 9: week 4's "Residual Connections")
    titles_asked = [word_stems(course.topic(t).title) for t in asked]
    twins = [topic for topic in course.topics if word_stems(topic.title) in titles_asked]
    near = twins + sorted((topic for week in dict.fromkeys(course.topic(t).week for t in asked)
                           for topic in course.week(week).topics), key=closeness, reverse=True)
    found: list[str] = []
    for topic_id in dict.fromkeys([*carried, *(topic.id for topic in near)]):
        if topic_id not in asked and assistant.has_questions(topic_id):
            found.append(topic_id)
            if len(found) == (limit or len(asked)):
                break
    return found


def describe_quiz(quiz: Quiz, course: Course, several: bool = False, missing: Sequence[SkippedTopic] = ()) -> str:
    """One line on what the quiz holds (its topics when it is on one, or on `several` asked
    for by name), and which topics it left out and why; when the topics asked for had nothing to
    ask (`missing`), those first, and that the quiz is on the nearest instead."""
    topics = [course.topic(topic_id).title for topic_id in dict.fromkeys(q.topic_id for q in quiz.questions)]
    if topics and (len(topics) == 1 or several or missing):
        about = f"{', '.join(topics[:-1])} and {topics[-1]}" if len(topics) > 1 else topics[0]
    else:
        about = f"week {quiz.week}"
    count = len(quiz.questions)
    counted = f"{count} question{'s' if count != 1 else ''}"
    if missing:
        reasons = list(dict.fromkeys(s.reason for s in missing))
        why = (f"for each, {reasons[0]}" if len(missing) > 1 else reasons[0]) if len(reasons) == 1 else \
            "; ".join(f"{s.topic} ({s.reason})" for s in missing)
        text = f"I have no questions on {titles([s.topic_id for s in missing], course)} yet: {why}."
        if count:
            nearest = "the nearest topics that have some" if len(topics) > 1 else "the nearest topic that has some"
            text += f" Here is a quiz on {nearest} instead, {about}: {counted}."
    else:
        text = f"Here is a quiz on {about}: {counted}." if count else f"I have no questions on {about} yet."
    left_out = [s for s in quiz.skipped if s not in missing]
    if left_out:
        left = "; ".join(f"{s.topic} ({s.reason})" for s in left_out[:3])
        more = f" and {len(left_out) - 3} more" if len(left_out) > 3 else ""
        text += f" Left out: {left}{more}."
    return text
