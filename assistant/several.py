"""Follow-ups that pick one of several topics the conversation named, or gather them all.

After "how is ELU different from SeLU?" a student says "the latter", "tell me about the first",
"and the other one?" (the one not discussed since), "compare them", "both?" or "quiz me on all
three". Each is read from the topics the earlier questions named, in their order, and the topics
the answers cited: course-independent, no list of topics anywhere.

Split from `assistant.followup` (which decides what kind of follow-up a question is).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from assistant.autocorrect import heard_again, title_words
from assistant.ellipsis import ELLIPSIS_CUES, FILLER, WORD
from assistant.models import Turn
from assistant.topics import TopicMatcher, titled_with
from assistant.weeks import NUMBER_WORDS, ORDINALS
from core.course import Course, Topic
from core.text import STOPWORDS, stem, words, zipf

MAX_CARRIED = 3  # topics a follow-up carries over: its subject and the turn's next ones
_ORDINALS = tuple(ORDINALS[1:11])  # "first" .. "tenth"
# "the second one", "the first topic", or "the first" ending the phrase ("tell me about the first").
_ALONE = r"(?: (?:one|topic|item)\b|(?=\s*(?:[?.!,;]|$)))"
_ORDINAL = re.compile(rf"\b(?:the|that|this) ({'|'.join(_ORDINALS)}|last){_ALONE}", re.IGNORECASE)
# "the former", "the latter": one of the topics the last question named, in its order.
_FORMER_LATTER = re.compile(r"\bthe (former|latter)\b", re.IGNORECASE)
# "and the other one?", "what about the other?": the named topic not yet talked about.
_OTHER = re.compile(rf"\bthe other{_ALONE}", re.IGNORECASE)
_OTHER_DESCRIBED = re.compile(r"\bthe other(?: one| topic)?\s*(?:[,(:–-]|\b(?:that|which|with|where)\b)",
                              re.IGNORECASE)
_ASKS = re.compile(r"\s*(?:what|when|where|why|how|who|is|are|does|do|did|can|could)\b", re.IGNORECASE)
# "all three", "both of them": several topics of the conversation at once.
# "these activation things", "those image classification networks", "these two NLP ones": the
# conversation's latest topics, those that fit the words before the kind noun when any do; "the
# keras stuff" (no demonstrative) points back only when some fit, else it names a new subject.
_KINDS = ("topics", "things", "concepts", "ones", "ideas", "stuff", "models", "networks", "architectures",
          "techniques", "methods", "algorithms", "layers", "functions", "activations", "optimi[sz]ers", "ops",
          "operations", "frameworks", "metrics", "losses")
_COUNT = r"two|three|four|five|[2-5]"
PLURAL_REFERENCE = re.compile(rf"\b(?:(?:these|those)(?: (?P<count>{_COUNT}))?(?P<which>(?: [\w.+-]+){{0,3}}?)"
                              rf" (?:{'|'.join(_KINDS)})|the(?P<the>(?: [\w.+-]+){{1,3}}?) stuff|"
                              r"all (?:two|three|four|five|of them|of these|of those|(?:of )?(?:that|this)(?: stuff)?)"
                              r"|both(?: of them|"
                              rf" of these| topics| ones)?|(?:these|those) (?:{_COUNT})(?: topics| ones)?)\b",
                              re.IGNORECASE)
ONLY_PLURAL = frozenset({"which", "the two", "the three"})  # point back only when several topics came before
_PLURAL_WORDS = frozenset({"they", "them", "their", "those", "these", "each", "which one", "which ones"}) | ONLY_PLURAL
# Words that leave "both" a request of its own: "both?", "and both?", "what about both?"
# ("compare both", "test me on both" ask something else of them).
_AROUND_BOTH = frozenset("and what about how of them please ok okay so then now".split())
# A follow-up that compares: "compare them", "how do they differ?", "which one is better?".
_COMPARING = re.compile(r"\b(?:compar\w*|contrast\w*|differ\w*|better|worse|vs|versus|which one|which of|which is|"
                        r"prefer\w*|same|similar\w*|pick|choose)\b", re.IGNORECASE)
# A reply offering a quiz on what was just discussed.
_QUIZ_OFFER = re.compile(r"\bquiz (?:me|you) on (?:it|them|that|those|both)\b", re.IGNORECASE)
# How far back "the second one", "the other one", "compare them" look for the turns they point to.
_LOOKBACK = 4


@dataclass(frozen=True)
class Picked:
    """The question with the topics it points to written in, and those topics, best first."""

    text: str
    topic_ids: list[str]


def named_topics(turn: Turn, matcher: TopicMatcher) -> list[str]:
    """The topics a turn's question named, in its order ("how is ELU different from SeLU?"), which
    is not always the matcher's (best match first); a name inside a longer one ("CNN" in "CNN vs
    DCNN") is that one's word."""
    named = matcher.named(turn.standalone_question)
    outer = [m for m in named if not any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                                         for o in named)]
    return list(dict.fromkeys(match.topic_id for match in sorted(outer, key=lambda match: match.start)))


def conversation_topics(history: Sequence[Turn]) -> Iterator[str]:
    """The topics of the conversation's answers and quizzes, latest first (with repeats)."""
    return (topic for turn in reversed(history) if turn.intent in ("answer", "quiz") for topic in turn.topic_ids)


def subject(turn: Turn, course: Course, matcher: TopicMatcher) -> str:
    """The topic a turn was about: the one a resolved follow-up carried into it ("how does
    Backpropagation relate to gradient descent" is still about backpropagation, whatever it
    cited first), else the one topic its question named with little else ("and SqueezeNet, who
    designed it?" is about SqueezeNet, even when a history of other models was cited first), else the first
    topic it cited or quizzed."""
    inserted = [topic for topic in course.topics
                if topic.title in turn.standalone_question and topic.title not in turn.question]
    if inserted:  # the longest: "Dropout in Tensorflow" also holds "Dropout"
        return max(inserted, key=lambda topic: len(topic.title)).id
    asked = turn.standalone_question  # with its shorthand written out: "layer norm" is Layer Normalization
    named = matcher.named(asked) if turn.intent == "answer" else []
    if len(named) == 1 and _little_else(asked[:named[0].start] + " " + asked[named[0].end:]):
        return named[0].topic_id
    return turn.topic_ids[0]


def _little_else(rest: str) -> bool:
    """At most one word of its own besides the name: "and SqueezeNet, who designed it?" is about SqueezeNet;
    "which network did Google build for phones?" about what Google built."""
    return sum(word not in FILLER and word not in ELLIPSIS_CUES for word in WORD.findall(rest.lower())) <= 1


def titles(topics: list[str], course: Course, joiner: str = " and ") -> str:
    """ "ELU, SeLU and GeLU"."""
    named = [course.topic(topic_id).title for topic_id in topics]
    return f"{', '.join(named[:-1])}{joiner}{named[-1]}" if len(named) > 1 else named[0]


def listed_topic(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> Picked | None:
    """ "what's the first one about?" after a week's outline: that week's first topic; "the
    latter" or "the second one" after "how is ELU different from SeLU?": SeLU. The list is the
    latest of the last few turns that made one ("and the third?" after the second one)."""
    found = _ORDINAL.search(question) or _FORMER_LATTER.search(question)
    if found is None:
        return None
    word = found.group(1).lower()
    topics = _latest_list(history, course, matcher)
    if topics is None and word in ("former", "latter", "first", "second", "last"):
        # "the latter" after "YOLO?" and "vs RetinaNet"; "the former" after "BART and BERT?" (one topic, both in it)
        topics = _last_two(history, course, matcher) or _both_in_one(history, course, matcher)
    if topics is None:
        return None
    position = {"last": len(topics) - 1, "latter": len(topics) - 1, "former": 0}.get(word)
    position = _ORDINALS.index(word) if position is None else position
    if position >= len(topics):
        return None
    topic = course.topic(topics[position])
    return Picked(f"{question[:found.start()]}{topic.title}{question[found.end():]}", [topic.id])


def _latest_list(history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> list[str] | None:
    """The topics of the latest week outline, or of the latest question naming several, among the
    last few turns about the course."""
    recent = [t for t in history if t.intent in ("answer", "quiz", "syllabus")][::-1][:_LOOKBACK]
    for turn in recent:
        if turn.intent == "syllabus":
            return [topic.id for topic in course.week(turn.week).topics] if turn.week is not None else None
        if len(named := named_topics(turn, matcher)) > 1:
            return named
        if named and _COMPARING.search(turn.question) and turn.topic_ids[0] not in named:
            return [named[0], turn.topic_ids[0]]  # "how is X different from the one that ...": X, then that one
    return None


# "and the snake one?", "the fake faces one": a topic by one or two words of its title; not by an everyday
# adjective ("the large one" is a size of what was discussed, not Large Language Models).
_WORD_ONE = re.compile(r"\bthe ((?:[a-z][a-z0-9-]{2,} )?[a-z][a-z0-9-]{2,}) one\b", re.IGNORECASE)
WORD_ONE_MAX_ZIPF = 5.0
_WORDS_ONE = re.compile(r"\bthe ((?:[a-z][a-z0-9-]+ ){0,2}[a-z][a-z0-9-]+) one\b", re.IGNORECASE)
# "the other one", "the new one": which one, not what it is about
_NOT_A_DESCRIPTION = frozenset(("other", "last", "same", "right", "wrong", "new", "old", "big", "small", "next",
                                "previous", "latter", "former", "first", "better", "best", "worse", "main", *_ORDINALS))
MIN_PREFIX_LETTERS = 5  # "retina" of RetinaNet; not "res" of ResNet and Residual
ENDING_MIN_LETTERS = 7  # a word this long may end otherwise in a title: "pancreas", "pancreatic"
MIN_INITIALS = 3  # "ssd" of Single Shot Detection Algorithm
_TWO_IN_A_TITLE = re.compile(r"\b(?:vs\.?|versus)\s", re.IGNORECASE)


def titled_one(question: str, history: Sequence[Turn], course: Course) -> Picked | None:
    """ "and the snake one?" after Tic Tac Toe with RL: the topic whose title, alone in the weeks
    the conversation was in, has that word ("compare it to the BERT one" in a talk on
    activations is the one BERT uses, not BART vs BERT)."""
    found = _WORD_ONE.search(question)
    if found is None or any(zipf(w) >= WORD_ONE_MAX_ZIPF or w in _ORDINALS for w in found.group(1).lower().split()):
        return None
    word = found.group(1).lower()
    initials = _by_initials(course, word)
    titled = list({topic.id: topic for topic in [*titled_with(course, word), *_titled_as_one_word(course, word)]}
                  .values()) or initials
    if not titled:  # "and the sigmund one?": autocorrect's sigmoid; never a word the course writes ("baidu")
        candidates, said = _hearing(tuple((topic.title, topic.description) for topic in course.topics))
        if heard := heard_again(word, candidates, said).replaced:
            titled = titled_with(course, heard[0][1])
    weeks = {course.topic(t).week for t in conversation_topics(history)}
    # ShuffleNet of week 5, not its code in week 8 (nor BART vs BERT for "the BERT one" in a talk on
    # activations); a title's own initials name it in any week ("the SSD one" after YOLO of week 6)
    titled = [topic for topic in titled if topic.week in weeks] or (initials if len(initials) == 1 else [])
    if len(titled) != 1:
        return None
    return Picked(f"{question[:found.start()]}{titled[0].title}{question[found.end():]}", [titled[0].id])


@lru_cache(maxsize=4)
def _hearing(texts: tuple[tuple[str, str], ...]) -> tuple[list[str], frozenset[str]]:
    """A course's title words autocorrect may hide, and every word its titles and descriptions
    write, once per course (given as its (title, description) pairs)."""
    return title_words(title for title, _ in texts), frozenset(w for pair in texts for w in words(" ".join(pair)))


def described_one(question: str, history: Sequence[Turn], course: Course) -> Picked | None:
    """ "quiz me on the stop words one", "the splitting one": the one topic of the conversation
    whose title and description have those words."""
    found = _WORDS_ONE.search(question)
    if found is None:
        return None
    wanted = {stem(word) for word in words(found.group(1)) if word not in STOPWORDS}
    if not wanted or any(word in _NOT_A_DESCRIPTION for word in words(found.group(1))):
        return None
    fitting = [topic_id for topic_id in dict.fromkeys(conversation_topics(history))
               if wanted <= {stem(word) for word in words(f"{course.topic(topic_id).title} "
                                                           f"{course.topic(topic_id).description}")}]
    if len(fitting) != 1:
        return None
    title = course.topic(fitting[0]).title
    return Picked(f"{question[:found.start()]}{title}{question[found.end():]}", fitting)


def _titled_as_one_word(course: Course, word: str) -> list[Topic]:
    """The topics whose title writes `word` as the start of a longer one ("retina" of RetinaNet),
    or in another ending ("pancreas" of Pancreatic Volumetry)."""
    if len(word) < MIN_PREFIX_LETTERS:
        return []
    start = word[:-1] if len(word) >= ENDING_MIN_LETTERS else word
    return [topic for topic in course.topics if any(part.startswith(start) for part in words(topic.title))]


def _by_initials(course: Course, word: str) -> list[Topic]:
    """The topics whose title's initials begin with `word`: "ssd" of Single Shot Detection Algorithm."""
    if len(word) < MIN_INITIALS:
        return []
    return [topic for topic in course.topics if "".join(part[0] for part in words(topic.title)).startswith(word)]


def other_topic(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> Picked | None:
    """ "and the other one?" after "how is ELU different from SeLU?" and "tell me about the
    first": SeLU, the topic that question named and no turn since was about (the second when
    none was)."""
    found = _OTHER.search(question)
    if found is None or other_described(question):
        return None
    about: list[str] = []  # the subjects of the turns after the one that named several
    for turn in [t for t in history if t.intent in ("answer", "quiz") and t.topic_ids][::-1][:_LOOKBACK]:
        named = named_topics(turn, matcher)
        if len(named) > 1:
            left = [topic for topic in named if topic not in (about or named[:1])]
            if not left:
                return None
            topic = course.topic(left[0])
            return Picked(f"{question[:found.start()]}{topic.title}{question[found.end():]}", [topic.id])
        about.append(subject(turn, course, matcher))
    return None


def other_described(question: str) -> bool:
    """ "and what about the other one, the self-normalizing one": the words after it say which
    ("the one with the dot products", "the other (the one with ...)"), so nothing is picked."""
    found = _OTHER_DESCRIBED.search(question)
    if found is None or _ASKS.match(question, found.end()):  # "and the other one, when does it win": asked
        return False
    return any(w not in FILLER for w in WORD.findall(question[found.end():].lower()))


def several(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> Picked | None:
    """ "quiz me on all three", "compare both": the conversation's latest topics, by title: those
    its answers cited, then those its questions named ("how is ELU different from SeLU?").
    "both?" alone asks about them ("explain both ELU and SeLU"), or for a quiz on them when the
    last turn was a quiz or offered one. "these activation functions", "the keras stuff": those
    of them whose title, description or the student's questions about them hold its words."""
    found = PLURAL_REFERENCE.search(question)
    if found is None:
        return None
    phrase = found.group(0).lower().split()
    counts = [2 if w == "both" else NUMBER_WORDS[w] if w in NUMBER_WORDS else int(w) for w in phrase
              if w == "both" or w in NUMBER_WORDS or w.isdigit()]
    kind = found.group("which") is not None or found.group("the") is not None
    wanted = counts[0] if counts else MAX_CARRIED if "all" in phrase or kind else 2
    named_in = (m.topic_id for turn in reversed(history) if turn.intent in ("answer", "quiz")
                for m in matcher.named(turn.standalone_question))
    topics = list(dict.fromkeys(chain(conversation_topics(history), named_in)))
    which = _stems(found.group("which") or found.group("the") or "")
    fitting = [topic for topic in topics if which <= _said_of(topic, history, course, matcher)] if which else []
    if found.group("the") is not None and not fitting:
        return None
    topics = (fitting or topics)[:wanted]
    if not topics:
        return None
    named = titles(topics, course)
    rest = f"{question[:found.start()]} {question[found.end():]}"
    if all(w in _AROUND_BOTH for w in WORD.findall(rest.lower())):  # "both?", "what about both of them?"
        verb = "quiz me on" if offered_quiz(history[-1]) else "explain both" if len(topics) == 2 else "explain"
        return Picked(f"{verb} {named}", topics)
    return Picked(f"{question[:found.start()]}{named}{question[found.end():]}", topics)


def _stems(text: str) -> set[str]:
    return {stem(word) for word in words(text) if word not in STOPWORDS and word not in NUMBER_WORDS}


def _said_of(topic_id: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> set[str]:
    """The words a topic goes by: its title and description's, and those of the questions the
    student asked about it ("how do I use tf.matmul?" makes Matmul Tensorflow "tf")."""
    topic = course.topic(topic_id)
    asked = [turn.question for turn in history if turn.intent in ("answer", "quiz") and turn.topic_ids
             and topic_id in (named_topics(turn, matcher) or [subject(turn, course, matcher)])]
    return _stems(" ".join([topic.title, topic.description, *asked]))


def offered_quiz(turn: Turn) -> bool:
    """The turn was a quiz, or a reply that offered one on the conversation's topic ("Glad to
    help. Ask me more about a course topic, or say "quiz me on it".")."""
    return turn.intent == "quiz" or (turn.intent != "answer" and bool(_QUIZ_OFFER.search(turn.answer)))


def plural_antecedent(question: str, reference: re.Match[str], history: Sequence[Turn], course: Course,
                      matcher: TopicMatcher) -> tuple[str, list[str]] | None:
    """ "compare them", "which one is better?" after a question naming several topics: all of
    them ("ELU and SeLU"; "ELU or SeLU" for a choice), not only the first."""
    word = reference.group(0).lower()
    if word not in _PLURAL_WORDS:
        return None
    topics = compared(question, history, course, matcher)
    if len(topics) < 2:
        return None
    return titles(topics, course, " or " if word.startswith("which") else " and "), topics


def compared(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> list[str]:
    """The topics a plural follow-up is about: those the last in-course question named, or, for a comparison
    ("compare them", "what's the difference?") after "tell me about ELU" and "and SeLU?", the
    last two topics the conversation was about, in its order. [] when there are not two."""
    recent = _recent(history)
    # The latest in-course question that named topics (past an aside refused in between, and past a
    # question that only described one: "and the other one, the self-normalizing one").
    topics = next((named for turn in recent if (named := named_topics(turn, matcher)[:MAX_CARRIED])), [])
    if len(topics) > 1 or not _COMPARING.search(question):
        return topics if len(topics) > 1 else []
    return _last_two(history, course, matcher)


def _last_two(history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> list[str]:
    """The last two topics the conversation was about, in its order ([] when there are not two)."""
    latest = list(dict.fromkeys(subject(turn, course, matcher) for turn in _recent(history)))[:2]
    return latest[::-1] if len(latest) > 1 else []


def _both_in_one(history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> list[str] | None:
    """The latest topic twice when its title names two things ("BART vs BERT", "ChatGPT vs BARD")."""
    latest = _recent(history)[:1]
    about = subject(latest[0], course, matcher) if latest else None
    return [about, about] if about and _TWO_IN_A_TITLE.search(course.topic(about).title) else None


def _recent(history: Sequence[Turn]) -> list[Turn]:
    """The last few turns about course topics, latest first."""
    return [t for t in history if t.intent in ("answer", "quiz") and t.topic_ids][::-1][:_LOOKBACK]
