"""What a request says about the reply's form or its addressee, not about what is asked: "@bot",
"/quiz week=4 n=5", "as bullet points", "in one sentence", "give me a table of week 6", "bet you
can't explain adam". The reply's form is the assistant's own (an answer is a few cited sentences,
an outline a list), so these words are set aside before the request is read.
"""

from __future__ import annotations

import re

# "@bot ...", "@studybot, ...": who the request is addressed to.
_ADDRESSED = re.compile(r"^\s*@[\w.-]+[\s,:]*(?=\S)")
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
    r"(?:bullet(?:ed)?(?:\s+points?|\s+list)?|bullets|points|table|sentences?|words?|list(?:\s+form)?|"
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
_EVEN = re.compile(r"\b(do|did|can|could|would)\s+(you|u)\s+even\b", re.IGNORECASE)


def without_asides(text: str) -> str:
    """`text` without its addressee, its command syntax, the reply's form or a dare; the words
    as they were when nothing else would be left."""
    said = _ADDRESSED.sub("", text)
    said = _COMMAND.sub(lambda m: _as_words(m.group("command")), said)
    said = _ARGUMENT.sub(lambda m: _AS_ARGUMENT[m.group("name").lower()].format(m.group("value")), said)
    said = _TABLE_OF.sub("what is in ", _FORM_FIRST.sub("", said))
    said = _EVEN.sub(r"\1 \2", _DARE.sub("", said))
    formless = _FORM.sub("", said)
    if len(formless.split()) > 1:  # "explain as bullet points" stays whole: a follow-up's ellipsis
        said = formless
    return said.strip() if re.search(r"\w", said) else text


def _as_words(command: str) -> str:
    """The words a command stands for, with the space that followed it."""
    words = _COMMANDS.get(command.lower(), command)
    return f"{words} " if words else ""
