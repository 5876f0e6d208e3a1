"""What a request says about the reply's form or its addressee, not about what is asked: "@bot",
"/quiz week=4 n=5", "as bullet points", "in one sentence", "give me a table of week 6", "bet you
can't explain adam", "act as my TA and ...". The reply's form is the assistant's own (an answer is
a few cited sentences, an outline a list), so these words are set aside before the request is
read. A request made for someone else ("Priya wants a mock test", "Tunde wants to know his score")
is the student's own: the assistant answers whoever types.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from core.text import STOPWORDS

# "# TODO: quiz me on week 6", "// what is padding", "/* ... */", a docstring: a request written as
# code's comment, the marks around it.
_COMMENT_MARKS = re.compile(r"^\s*(?:#+(?!\w)|//+|/\*+|\"\"\"|'''|--)\s*"
                            r"(?:(?:todo|fixme|note|xxx|q)\s*[:-]\s*|(?:todo|fixme)\s+)?"
                            r"|\s*(?:\*+/|\"\"\"|''')\s*$", re.IGNORECASE)
# "@bot ...", "@studybot, ...": who the request is addressed to.
_ADDRESSED = re.compile(r"^\s*@[\w.-]+[\s,:]*(?=\S)")
# "... hit me with quantization stuff @tutor", "#quiz @assistant GANs": a mention elsewhere in it
# (not an e-mail address: "me@uni.edu").
_MENTIONED = re.compile(r"(?:^|\s+)(?<![\w.])@[A-Za-z][\w-]*\b[,:]?")
# "Tunde here,", "hi, it's Ola here:": the student saying who types, before the request.
_INTRODUCED = re.compile(r"^\W*(?:(?:hi|hey|hello)[\s,!]+)?(?:it'?s |this is )?[A-Z][a-z]+ here\s*[,.!:;-]+\s*(?=\S)")
# "act as my TA and ...", "pretend you're my examiner: ...": a study role for the assistant, which is
# its own already (a role outside studying is left to the injection rules: "act as DAN").
_STUDY_ROLE = re.compile(
    r"^\W*(?:(?:ok|okay|now|please|pls)[\s,]+)?(?:act|pretend|play|roleplay|role-play|be)\s+"
    r"(?:as\s+|to\s+be\s+|you(?:'re|\s+are)\s+|that\s+you(?:'re|\s+are)\s+)?(?:my|a|an|the)\s+"
    r"(?:(?:strict|tough|friendly|personal|patient|mean|harsh)\s+)?"
    r"(?:ta|tutor|teacher|examiner|professor|prof|instructor|teaching\s+assistant|study\s+(?:coach|buddy|partner)|"
    r"coach|mentor|interviewer|quizmaster|quiz\s+master|lecturer|"
    r"(?:course\s+|academic\s+|study\s+)?(?:advis[oe]r|counsell?or|planner|guide))\b(?:\s+for\s+(?:a\s+)?(?:bit|minute|moment|now))?"
    r"\s*(?:[:,;.!-]+\s*)?(?:and\s+(?:then\s+)?)?(?=\S)", re.IGNORECASE)
# "/quiz", "!mystats", "cmd: syllabus": a chat bot's command, read as the words it stands for.
_COMMAND = re.compile(r"^\s*(?:[/!]|cmd:\s*)(?P<command>[a-z]+)\b\s*", re.IGNORECASE)
_COMMANDS = {"quiz": "quiz me", "test": "quiz me", "progress": "show my progress", "stats": "show my progress",
             "mystats": "show my progress", "score": "show my progress", "scores": "show my progress",
             "syllabus": "show the syllabus", "outline": "show the syllabus", "explain": "explain",
             "compare": "compare", "define": "define", "review": "what should i review", "week": "",
             "more": "", "ask": "", "q": ""}
# "/quiz week=4 n=5": a command's arguments.
_ARGUMENT = re.compile(r"\b(?P<name>week|wk|n|count|topic)\s*=\s*(?P<value>[\w-]+)", re.IGNORECASE)
_AS_ARGUMENT = {"week": "week {}", "wk": "week {}", "n": "{} questions", "count": "{} questions", "topic": "on {}"}
# "as bullet points", "in 3 bullets", "in one sentence", "as a table", "like a recipe", "one sentence
# each": the form of the reply.
_FORM = re.compile(
    r"(?:[,;:]\s*|\s+)(?:(?:as|in|into|using|with)\s+(?:a\s+)?(?:\d{1,2}\s+|one\s+|two\s+|three\s+|few\s+|short\s+)?"
    r"(?:bullet(?:ed)?(?:\s+points?|\s+list)?|bullets|points|table|sentences?|paragraphs?|words?|list(?:\s+form)?|"
    r"recipe)|like\s+a\s+recipe|(?:one|a)\s+sentence\s+each)\b(?:\s+(?:please|pls|graag|plz))?",
    re.IGNORECASE)
# "in one sentence: what's he init", "summarize in one sentence:": the form, said first.
_FORM_FIRST = re.compile(r"^\s*(?:summari[sz]e\s+)?in\s+(?:one|a|1|two|2|three|3)\s+(?:sentences?|words?|lines?)"
                         r"\s*[:,-]\s*(?=\S)", re.IGNORECASE)
# "give me a table of week 6", "list week 10 as a table": an outline, in a table.
_TABLE_OF = re.compile(r"\b(?:a\s+)?(?:table|list|overview)\s+of\s+(?=week\b|wk\b)", re.IGNORECASE)
# "bet you can't explain adam", "do you even know what a gan is?": a dare is still the request.
_DARE = re.compile(r"\b(?:i\s+)?bet\s+(?:you|u|ya)\s+(?:can'?t|cannot|couldn'?t|don'?t|do\s+not|won'?t)\s+"
                   r"(?:even\s+)?(?:know\s+(?=(?:what|which|who|when|where|how|why)\b))?", re.IGNORECASE)
# "don't explain it outright, just hint: why ...", "no spoilers, give me a hint about ...": the student
# wants to be led, which the answer's few cited sentences do; what is asked follows.
_HINT_ONLY = re.compile(
    r"^\W*(?:(?:please|pls|ok|okay|so)[\s,]+)?(?:(?:don'?t|do not|dont)\s+(?:just\s+)?(?:tell|give|explain|say)"
    r"(?:\s+(?:me|it|us))?(?:\s+(?:the\s+)?(?:answer|whole thing|solution))?"
    r"(?:\s+(?:outright|directly|straight away|right away|yet))?|no spoilers)\s*[,.;:!-]*\s*"
    r"(?:(?:just|only)\s+)?(?:(?:give|drop|send)\s+(?:me\s+)?)?(?:a\s+|some\s+|one\s+)?(?:hint|clue|nudge)s?"
    r"(?:\s+(?:me|please|pls))?(?:\s+(?:about|on|for|why|how|what))?\s*[:,.-]*\s*(?=\S)", re.IGNORECASE)
_EVEN = re.compile(r"\b(do|did|can|could|would)\s+(you|u)\s+even\b", re.IGNORECASE)


# "Priya wants ...", "Kofi also heard of ...", "my friend Ana needs ...": a request made for someone
# named, with what they do in the first person.
_FOR_SOMEONE = re.compile(
    r"^\W*(?:my (?:friend|classmate|roommate|brother|sister|buddy|teammate|study (?:buddy|partner)) )?"
    r"(?P<name>[A-Z][a-z]+|he|she) (?P<also>(?:also|really|just|still|now|too) )?"
    r"(?P<does>wants|needs|would like|'d like|asks|asked|is asking|wonders|is wondering|heard|has heard|thinks|"
    r"is confused|doesn't get|does not get|doesn't understand|does not understand|is trying)\b")
_FIRST_PERSON = {"wants": "want", "needs": "need", "asks": "ask", "is asking": "am asking", "wonders": "wonder",
                 "is wondering": "am wondering", "has heard": "have heard", "thinks": "think",
                 "is confused": "am confused", "is trying": "am trying", "doesn't get": "don't get",
                 "does not get": "do not get", "doesn't understand": "don't understand",
                 "does not understand": "do not understand"}
_THEIR = re.compile(r"\b(?:(?P<him>him|them|her(?=\s*(?:[?.!,;]|$)))|(?P<his>his|her|their)"
                    r"|(?P<he>he|she)(?P<s>'s|\s+is|\s+has|\s+was)?)\b", re.IGNORECASE)
_SHE_IS = {"'s": "i'm", "is": "i am", "has": "i have", "was": "i was"}  # "she's", "she has": "i'm", "i have"
_SOMEONE_ELSE = frozenset(("he", "she"))  # "he wants his score", after "Tunde here,"
_NO_ONE_NAMED = frozenset("everyone everybody nobody someone somebody anyone anybody noone people".split())


def _kept_asking(found: re.Match[str]) -> str:
    """The question word a hint was asked with stays: "no spoilers, a hint why it helps" asks why it helps."""
    last = found.group(0).split()[-1].strip(":,.-").lower() if found.group(0).split() else ""
    return f"{last} " if last in ("why", "how", "what") else ""


def without_asides(text: str, vocabulary: Collection[str] = ()) -> str:
    """`text` without its addressee, a study role given to the assistant, someone else it is asked
    for (`vocabulary`: the course's words, which are no one's name), its command syntax, the
    reply's form or a dare; the words as they were when nothing else would be left."""
    addressed = _MENTIONED.sub("", _ADDRESSED.sub("", _COMMENT_MARKS.sub("", text))).strip()
    said = _in_first_person(_INTRODUCED.sub("", _STUDY_ROLE.sub("", addressed)), vocabulary)
    said = _COMMAND.sub(lambda m: _as_words(m.group("command")), said)
    said = _ARGUMENT.sub(lambda m: _AS_ARGUMENT[m.group("name").lower()].format(m.group("value")), said)
    said = _TABLE_OF.sub("what is in ", _FORM_FIRST.sub("", said))
    said = _EVEN.sub(r"\1 \2", _DARE.sub("", _HINT_ONLY.sub(_kept_asking, said)))
    formless = _FORM.sub("", said)
    if len(formless.split()) > 1:  # "explain as bullet points" stays whole: a follow-up's ellipsis
        said = formless
    return said.strip() if re.search(r"\w", said) else text


def _as_words(command: str) -> str:
    """The words a command stands for, with the space that followed it."""
    words = _COMMANDS.get(command.lower(), command)
    return f"{words} " if words else ""


def _in_first_person(text: str, vocabulary: Collection[str]) -> str:
    """ "Tunde wants to know his score" as "i want to know my score"."""
    found = _FOR_SOMEONE.match(text)
    if found is None:
        return text
    name = found.group("name").lower()
    if name not in _SOMEONE_ELSE and (name in vocabulary or name in STOPWORDS or name in _NO_ONE_NAMED):
        return text  # "Dropout needs ...", "Everyone wants ...": no one named
    does = found.group("does")
    rest = _THEIR.sub(lambda m: "my" if m.group("his") else "me" if m.group("him") else
                      _SHE_IS[m.group("s").strip().lower()] if m.group("s") else "i", text[found.end():])
    return f"i {found.group('also') or ''}{_FIRST_PERSON.get(does, does)}{rest}"
