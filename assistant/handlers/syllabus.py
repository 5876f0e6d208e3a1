"""Syllabus requests: a week's outline, the course's, or where a topic sits in it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.handlers.refusal import another_course, refuse
from assistant.handlers.registry import Request, handles
from assistant.models import AskResult
from assistant.request_subjects import request_subject
from assistant.scope import IN_SCOPE_MIN_SCORE
from assistant.terms import specialist_stems, word_stems
from assistant.topics import titled_with
from core.course import Course, Topic
from core.text import words

if TYPE_CHECKING:
    from assistant.service import Assistant

MAX_LISTED = 6  # topics named where a subject sits; the rest are counted
MAX_NAME_WORDS = 2  # a subject this short is a name ("BERT"), a longer one describes an idea
# A yes-or-no question about where something is: "is GELU in week 2?", "are both in week 9?".
_WHETHER = re.compile(r"^\W*(?:so |and |but |ok |okay )?(?:is|are|was|were)\b", re.IGNORECASE)
_SAME_WEEK = re.compile(r"\bsame week\b", re.IGNORECASE)


@handles("syllabus")
def syllabus(assistant: Assistant, request: Request) -> AskResult:
    """"Which week covers transformers?" names a topic; a syllabus of something the course does
    not teach ("the piano course") is refused."""
    course, week, named = assistant.course, request.week, request.intent.topic_ids
    subject = request_subject(request.searched, "syllabus")
    if (elsewhere := another_course(assistant, request)) is not None:  # "week 3 of the chemistry course"
        return refuse(request, elsewhere, "outline it")
    if placed := _placed(assistant, request):  # "is ROI pooling week 2 or week 5 stuff?"
        answer = describe_places(course, placed, week, same_asked=bool(_SAME_WEEK.search(request.searched)))
        return request.result(intent="syllabus", answer=answer, grounded=True, week=placed[0].week,
                              placed=[topic.id for topic in placed])
    if week or not (subject or named):
        return request.result(intent="syllabus", answer=describe_week(course, week), grounded=True)
    near = False
    if named:
        topic = course.topic(named[0])
    elif titled := titled_with(course, subject):  # "which week covers detection": three titles have it
        return request.result(intent="syllabus", answer=describe_where(course, subject, titled),
                              grounded=True, week=titled[0].week, placed=[topic.id for topic in titled])
    else:
        retrieval = assistant.reranker.search(subject, k=3)
        # "anything on reinforcement learning?": a concept of deep learning the course only has
        # neighbours of (the RL projects) is answered with them, not refused
        near = retrieval.scope_score < IN_SCOPE_MIN_SCORE
        concept = (retrieval.concept_near and retrieval.signals is not None and retrieval.signals.concept
                   and not request_subject(request.searched, "course"))  # not "my linear algebra class"
        if near and not (retrieval.near_course or concept):
            return refuse(request, retrieval, "outline it")
        topic = course.topic(retrieval.hits[0].topic.topic_id)
    week_title = course.week(topic.week).title
    where = f"in week {topic.week} ({week_title}). {describe_week(course, topic.week)}"
    if not named and (near or _a_name_not_in(subject, topic)):  # "is BERT in this course?": only in GeLU's text
        answer = f"The course has no topic of its own on {subject}; the nearest is {topic.title}, {where}"
        return request.result(intent="syllabus", answer=answer, grounded=True, week=topic.week)
    return request.result(intent="syllabus", answer=f"{topic.title} is {where}", grounded=True, week=topic.week,
                          placed=[topic.id])


def _placed(assistant: Assistant, request: Request) -> list[Topic]:
    """The topics a question asks the place of, yes or no: "is ROI pooling in week 2?", "pruning
    and quantization in the same week?"; none for any other request."""
    if not (_WHETHER.search(request.searched) or _SAME_WEEK.search(request.searched)):
        return []
    matches = assistant.matcher.named(request.searched)
    outer = [m for m in matches if not any(o.start <= m.start and m.end <= o.end and o != m for o in matches)]
    named = dict.fromkeys(match.topic_id for match in outer)  # "Challenges of Quantization", not "Quantization"
    return [assistant.course.topic(topic_id) for topic_id in named]


def describe_places(course: Course, topics: list[Topic], asked: int | None, same_asked: bool = False) -> str:
    """Where each topic sits, and that week's outline when they share one: "Pruning and
    Quantization are both in week 9 (Optimization). Week 9: ..."; "..., not week 2" when the
    student guessed another week; "No: ..." when asked whether they share one and they do not."""
    weeks = {topic.week for topic in topics}
    if len(weeks) > 1:
        places = "; ".join(f"{t.title} is in week {t.week} ({course.week(t.week).title})" for t in topics)
        return f"{'No: ' if same_asked else ''}{places}."
    week = weeks.pop()
    titles = " and ".join(topic.title for topic in topics)
    verb = "are both" if len(topics) == 2 else "are all" if len(topics) > 2 else "is"
    guessed = f", not week {asked}" if asked and asked != week else ""
    yes = "Yes: " if same_asked and len(topics) > 1 else ""
    return f"{yes}{titles} {verb} in week {week} ({course.week(week).title}){guessed}. {describe_week(course, week)}"


def _a_name_not_in(subject: str, topic: Topic) -> bool:
    """A short subject with a specialist word ("bert", "batchnorm") that the topic's title lacks:
    the topic mentions it, but is not about it."""
    return len(words(subject)) <= MAX_NAME_WORDS and bool(specialist_stems(subject) - word_stems(topic.title))


def describe_where(course: Course, subject: str, topics: list[Topic]) -> str:
    """Where the topics about `subject` sit: "The course has attention in weeks 11 and 12: ..."."""
    weeks = sorted({topic.week for topic in topics})
    where = (f"week {weeks[0]}" if len(weeks) == 1
             else f"weeks {', '.join(str(w) for w in weeks[:-1])} and {weeks[-1]}")
    listed = "; ".join(f"{topic.title} (week {topic.week}: {course.week(topic.week).title})"
                       for topic in topics[:MAX_LISTED])
    more = f"; and {len(topics) - MAX_LISTED} more" if len(topics) > MAX_LISTED else ""
    return f"The course has {_as_titled(subject, topics)} in {where}: {listed}{more}."


def _as_titled(subject: str, topics: list[Topic]) -> str:
    """The subject's words as the titles write them: "bert" -> "BERT"."""
    written = {word.lower(): word for topic in topics for word in re.findall(r"[\w+#-]+", topic.title)}
    return " ".join(written.get(word.lower(), word) for word in subject.split())


def describe_week(course: Course, week: int | None) -> str:
    """One week's topics, or every week's title (`week` None)."""
    if week is None:
        return f"The course has {len(course.weeks)} weeks: " + "; ".join(
            f"week {w.week}: {w.title} ({len(w.topics)} topics)" for w in course.weeks) + "."
    w = course.week(week)
    return f"Week {w.week}: {w.title} covers {len(w.topics)} topics: " + ", ".join(
        t.title for t in w.topics) + "."
