"""A request in the words the course and the rules read: "module 4" is week 4, "normalisation" is
normalization, "eli5 dropout" asks to explain dropout, "quiz me on both thx" is no thanks-note,
"qué es word2vec?" asks what word2vec is, "week 4, no wait, week 5" asks about week 5, and "no,
not layer norm, the plain one" about the plain one.

Students call a week what their last course called it, spell as they learnt to, mix in their own
language's question words, correct themselves as they type and say what they do not mean; none
of that changes what they ask. The lists are English (and the commonest question words of
thirty-two other languages, with the deep-learning words of those written in other scripts,
`assistant/data/question_words.txt`), not the course's own vocabulary; the
names of a few authors and papers stand for what they made (`assistant/data/paper_names.txt`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from importlib import resources

from assistant.code_words import code_in_words
from assistant.weeks import NUM, ORDINAL
from core.text import TYPO_MAX_ZIPF, run_together, zipf

# "module 4", "unit two", "lesson 12", "chapter #3": a week by number ("lesson" of a topic aside).
_WEEK_BY_NUMBER = re.compile(rf"\b(?:module|unit|lesson|chapter)(s?)(?=\s*(?:#|no\.?\s*)?(?:{NUM})\b)", re.IGNORECASE)
# "the last chapter", "the 4th module", "this module", "the CNN chapter".
_WEEK_BY_PLACE = re.compile(rf"\b((?:last|final|first|next|previous|this|that|which|{ORDINAL}) )"
                            r"(?:module|chapter|unit)\b|\bchapter(s?)\b", re.IGNORECASE)
# "eli5", "explain like i'm 12", "explain it like im five": explain, simply.
_ELI5 = re.compile(r"\b(?:eli5|explain(?: it| this| that)?(?: to me)? like (?:i'?m|i am|im|to a) "
                   r"(?:\d{1,2}|five|a (?:kid|child|baby|beginner|five[- ]year[- ]old)|5[- ]year[- ]old)"
                   r"(?: years? old)?)\s*[:,-]?\s*(?=\w)", re.IGNORECASE)
_ASKS = re.compile(r"(?:what|how|why|who|when|where|which)\b", re.IGNORECASE)  # "eli5 what X is": the question
_LIKE_A_KID = re.compile(r"\s*,?\s*(?:like|as if) (?:i'?m|i am|im) (?:\d{1,2}|five|a (?:kid|child|baby))\s*(?=[?.!]*$)",
                         re.IGNORECASE)
# "..., thx", "... pls", "... yaar", "..., kindly clarify": a closing word, not part of the request.
_CLOSER = re.compile(r"(?:[\s,.!]+(?:thx|thanks|thank you|ty|pls|plz|please|asap|lol|haha|idk|yaar|bro|dude|stp|svp|"
                     r"por favor|merci|gracias|sir|madam|ma'am|do the needful|"
                     r"(?:kindly|please) (?:clarify|explain|help|guide|advise|reply|revert)(?: me)?))+(?=[\s.!?]*$)",
                     re.IGNORECASE)
# British spellings whose American form the course writes: normalisation, optimise, colour.
_BRITISH = re.compile(r"\b([a-z]+i)s(e|ed|es|ing|ation|ations|er|ers)\b|\b([a-z]+o)u(r|rs)\b", re.IGNORECASE)
PAPER_NAMES = "paper_names.txt"  # authors and papers, with the topic each is known for
QUESTION_WORDS = "question_words.txt"  # the commonest question words of other languages, in English
# "week 4, no wait, week 5", "relu, sorry i meant gelu": what follows the correction replaces as
# many words before it.
_CORRECTION = re.compile(r",\s*(?:no,? wait|no,? sorry|sorry|no|wait|oops|scratch that|correction)\s*[,:]\s*"
                         r"(?:i meant |i mean )?|,\s*(?:sorry,? )?i meant\s+", re.IGNORECASE)
MAX_CORRECTED_WORDS = 5
# "no, not layer norm, the plain one", "quiz me on skip connections, not resnet": what the student
# rules out is not what they ask about.
_RULED_OUT = re.compile(r"^\W*(?:no,?\s+)?not (?:the )?[^,.;?!]{1,40},\s*(?=\w)"
                        r"|,\s*(?:but )?not (?:the )?[^,.;?!]{1,40}(?=[.?!]*$)", re.IGNORECASE)
# "hey assistant, next topic?", "ok google: quiz me": who the student talks to, not what they ask.
_CALLED = re.compile(r"^\W*(?:hey|hi|hello|yo|ok|okay)(?: there)?"
                     r"(?: assistant| bot| buddy| tutor| dlstudy| siri| alexa| google)?\s*[,!:.-]+\s*(?=\w)",
                     re.IGNORECASE)
# "i am having a doubt in attention": Indian English's question about it.
_DOUBT = re.compile(r"\b(?:i am having|i'm having|im having|i have|having|got)(?: a| some| one| small| few)? doubts? "
                    r"(?:in|on|about|regarding|related to|with)\b", re.IGNORECASE)
# The notation of the formulas students copy: dL/dw is a gradient, σ(x) the sigmoid, max(0, x) ReLU.
_NOTATION = (
    (re.compile(r"(?<!\w)[∂d] ?[lejc] ?/ ?[∂d] ?[wθbxz]\w?(?!\w)", re.IGNORECASE), "gradient"),
    (re.compile("∇"), "gradient "),
    (re.compile(r"(?:σ|\bsigma) ?\( ?[xzt] ?\)", re.IGNORECASE), "sigmoid"),
    (re.compile(r"\b1 ?/ ?\( ?1 ?\+ ?e ?\^ ?\(? ?[-−] ?[xz] ?\)? ?\)", re.IGNORECASE), "sigmoid"),
    (re.compile(r"\bmax ?\( ?0 ?, ?[xz] ?\)", re.IGNORECASE), "relu"),
)
# "wk VII", "week iv": a week in Roman numerals (a lone "I" is the pronoun: "which week I should do").
_ROMAN = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
          "xvii", "xviii", "xix", "xx")
_ROMAN_WEEK = re.compile(r"\b(?P<week>weeks?|wk|module|unit)\s*(?P<n>[IVX]{1,5}|[ivx]{2,5})\b")
# A course word typed as the everyday word that sounds the same: "witch week", "the wait tensors",
# "the optimisation weak", "weak elven", "quit me on", "lose function", "pulling layers", "bath norm".
_SOUNDS_ALIKE = (
    (re.compile(r"\bwitch\b", re.IGNORECASE), "which"),
    (re.compile(r"(?<!the )\bweather(?= (?:that|it|i|we|you|they|or)\b)", re.IGNORECASE), "whether"),  # not the sky's
    (re.compile(r"\bwait(?=s? (?:tensors?|decay|init\w*|matri\w+|updates?|sharing|values|alone)\b)|\bweigh(?= init)"
                r"|(?P<keep>\b(?:the|my|our|its|their|of|random|initial|small) )wait(?=s?\b)", re.IGNORECASE),
     r"\g<keep>weight"),
    (re.compile(r"\bweak(?= ?\d)|(?P<keep>\b(?:this|next|last|which|what|same|that|optimi[sz]ation|training) )weak"
                r"(?=\W*$|\s+(?:in|is|are|was|about)\b)", re.IGNORECASE), r"\g<keep>week"),
    (re.compile(r"\bweak(?= (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|elven|twelve|thirteen)\b)",
                re.IGNORECASE), "week"),
    (re.compile(r"(?<=\bweek )elven\b", re.IGNORECASE), "eleven"),
    (re.compile(r"(?P<keep>\b(?:for|on|in|of) )weak too\b", re.IGNORECASE), r"\g<keep>week two"),
    (re.compile(r"\bquit(?= (?:me|us) (?:on|about|with)\b| scores?\b| results?\b)", re.IGNORECASE), "quiz"),
    (re.compile(r"\blose(?= functions?\b)", re.IGNORECASE), "loss"),
    (re.compile(r"^(?P<keep>\W*)than\b(?= (?:why|what|how|is|are|does|do|we|i)\b)|(?P<end>\w )than(?=\W*$)",
                re.IGNORECASE), r"\g<keep>\g<end>then"),
    (re.compile(r"\bpulling(?= (?:layers?|ops?|operations?)\b)|(?P<keep>\bmax )pulling\b", re.IGNORECASE),
     r"\g<keep>pooling"),
    (re.compile(r"\bbath(?= (?:norm\w*|sizes?)\b)|(?P<keep>\b(?:whole|mini|per|each) )bath\b", re.IGNORECASE),
     r"\g<keep>batch"),
)
_RUN_TOGETHER = re.compile(r"(?<![\w'.-])[a-z]{5,}(?![\w'.-])", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w&])#(?=[a-z])", re.IGNORECASE)  # "#week6 #gans": the words, not tags
# "y" opening a clause is chat's "why" ("y tho?", "n padding, y do we need it"); between two
# words, or before a Spanish word, Spanish's "and" ("zipf y stop words", "y para images?").
_CLAUSE_Y = re.compile(r"(?:^|(?<=[,.;!?]\s)|(?<=\band )|(?<=\bso )|(?<=\bbut )|(?<=\bn ))y\b(?!['’])"
                       r"(?P<spanish> (?:para|en|el|la|los|las|qué|que)\b)?", re.IGNORECASE)
# Japanese, Chinese and Thai write no spaces between words; Korean joins its particles to them.
_UNSPACED_LETTERS = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"  # Thai, kana, CJK, Hangul
_UNSPACED = re.compile(rf"[{_UNSPACED_LETTERS}]")
# ...to an English word too: "RNN에서는", "delta rule이랑", "YOLOとRetinaNet" are the word and a particle.
_SCRIPT_CHANGE = re.compile(rf"(?<=[A-Za-z0-9])(?=[{_UNSPACED_LETTERS}])|(?<=[{_UNSPACED_LETTERS}])(?=[A-Za-z0-9])")
_WEEK_AFTER_NUMBER = re.compile(r"第\s*(?P<n>\d+)\s*(?:週目|週|周|课|課)"
                                r"|(?P<n2>\d+)\s*(?:週目|週|周|주차|주(?=\s|$|에|의|는|은|를|을))"
                                r"|(?P<n3>\d+)(?:η|ης|ο|ου)?\s+εβδομάδ\w*", re.IGNORECASE)
# "三个问题", "第五周", "세 문제": numbers in words, one to thirteen, before a counter or after 第.
_CHINESE_NUMBERS = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三".split()
_KOREAN_NUMBERS = "한 두 세 네 다섯 여섯 일곱 여덟 아홉 열 열한 열두 열세".split()
_COUNT_WORDS = {**{word: n for n, word in enumerate(_CHINESE_NUMBERS, start=1)},
                **{word: n for n, word in enumerate(_KOREAN_NUMBERS, start=1)}, "两": 2}
_COUNT_WORD = re.compile(r"(?<=第)(十[一二三]|[一二三四五六七八九十])(?=[週周课課])"
                         r"|(十[一二三]|[一二三四五六七八九十]|两)(?=\s*(?:个|個|道|問|つ|题|題))"
                         r"|(?<![\w])(열[한두세]|다섯|여섯|일곱|여덟|아홉|한|두|세|네|열)(?=\s*(?:문제|개|질문))")
# Vowel signs and points that are part of a word without being letters ("থেকে" is one word, not "থে" + "কে").
_SCRIPT_MARKS = "\u0591-\u05c7\u064b-\u065f\u0670\u0900-\u0dff"  # Hebrew, Arabic, Indic
_MARKS = "\u0300-\u036f" + _SCRIPT_MARKS
# Bengali counts things with a word joined on: "৪টা প্রশ্ন", four questions.
_COUNTER = re.compile(r"(?<=\d)(?:টা|টি)(?!\w)")
# What is left in another script once its question and deep-learning words are read ("이 뭐예요", "کو",
# "吗"): grammar the rules cannot read, which only blurs the English around it. One letter of an
# alphabet stays (σ, λ are notation); a character of the unspaced scripts is a word.
_UNREAD = re.compile(rf"(?:[^\W\d_\x00-\u024f\u1e00-\u1eff]|[{_SCRIPT_MARKS}]){{2,}}|[{_UNSPACED_LETTERS}]+")
_READ_WORD = re.compile(r"[A-Za-z]{2,}")
# Not when all that is read is the asking ("김치찌개 만드는 법 알려줘" is no bare "tell me"): the unread
# words were its subject. A question word alone is a question ("who?") and goes on with the conversation.
_ONLY_ASKING = re.compile(r"\W*(?:(?:tell|give|show|explain|describe|please|say|me|it|to|about)\W*)+", re.IGNORECASE)
_BETWEEN_Y = re.compile(r"(?<=\w )y(?= \w)", re.IGNORECASE)
# "dilated n padding": chat's "and" between two words (not "the top n words").
_BETWEEN_N = re.compile(r"\b(?P<before>\w+) n(?= [a-z])", re.IGNORECASE)
_N_AS_A_NUMBER = frozenset("top first last of the with size to for by".split())


def in_plain_words(text: str, vocabulary: Collection[str] = ()) -> str:
    """`text` as the course and the rules word it; `vocabulary` is the course's own words, which
    stay as written (a British spelling is changed only to a word the course writes)."""
    text = _corrected(_HASHTAG.sub("", _spaced(text, vocabulary)))
    text = _DOUBT.sub("i have a question about", _CALLED.sub("", text))
    if (kept := _RULED_OUT.sub("", text)).strip(" ,.!?"):
        text = kept
    text = _WEEK_BY_NUMBER.sub(r"week\1", text)
    text = _ROMAN_WEEK.sub(_roman_week, _sounding_as_meant(text))
    text = _WEEK_BY_PLACE.sub(lambda m: f"{m.group(1)}week" if m.group(1) else f"week{m.group(2)}", text)
    text = _CLAUSE_Y.sub(lambda m: f"and{m.group('spanish')}" if m.group("spanish") else "why", text)
    text = _BETWEEN_N.sub(lambda m: m.group(0) if m.group("before").lower() in _N_AS_A_NUMBER
                          else f"{m.group('before')} and", _BETWEEN_Y.sub("and", text))
    if (english := _foreign_words().sub(_in_english, _numbered_weeks(_SCRIPT_CHANGE.sub(" ", text)))) != text:
        text = _tidy(english)
    text = _read(text)
    text = _WEEK_BY_NUMBER.sub(r"week\1", text)  # "Woche 2" is "week 2" by now
    text = _paper_names().sub(lambda m: _papers()[m.group("name").lower()], text)
    if (closed := _CLOSER.sub("", text)).strip(" ,.!?"):
        text = closed
    text = _ELI5.sub(lambda m: "" if _ASKS.match(text, m.end()) else "explain ", text)
    # "explain dropout like im 5" asks about dropout; "explain like im 5" alone is a follow-up's ellipsis
    text = _LIKE_A_KID.sub(lambda m: "" if len(text[:m.start()].split()) > 2 else m.group(0), text)
    return _american(text, vocabulary)


def _tidy(text: str) -> str:
    return re.sub(r"\s+(?=[,?.!])", "", " ".join(text.split()))  # a word said for nothing ("bhai") leaves no gap


def _read(text: str) -> str:
    """`text` without the words of another script left unread (see `_UNREAD`), unless that leaves
    nothing but the asking."""
    read = _UNREAD.sub(" ", text)
    return _tidy(read) if _READ_WORD.search(read) and not _ONLY_ASKING.fullmatch(read) else text


def _roman_week(found: re.Match[str]) -> str:
    numeral = found.group("n")
    if numeral == "I" or numeral.lower() not in _ROMAN:
        return found.group(0)
    return f"{found.group('week')} {_ROMAN.index(numeral.lower())}"


def _sounding_as_meant(text: str) -> str:
    for sounding, meant in _SOUNDS_ALIKE:
        text = sounding.sub(meant, text)
    return text


def _spaced(text: str, vocabulary: Collection[str]) -> str:
    """ "howdoes padding work", "whatweek is yolo": words typed without a space between them, apart
    (not a word English or the course writes: "backprop", "adagrad")."""
    def apart(found: re.Match[str]) -> str:
        word = found.group(0)
        if word.lower() in vocabulary or word.lower() in _foreign() or zipf(word.lower()) >= TYPO_MAX_ZIPF:
            return word  # "tolong" is Malay's please, not "to long"
        return " ".join(run_together(word) or (word,))
    return _RUN_TOGETHER.sub(apart, text)


def without_notation(text: str, vocabulary: Collection[str] = ()) -> str:
    """ "what is dL/dw" -> "what is gradient", "nn.GRU" -> "GRU": formulas and framework code in
    words, before chat shorthand is written out (which would read "dL" as deep learning and "nn"
    as neural network); a name the course writes (`vocabulary`: "MaxPool") stays."""
    text = code_in_words(text, vocabulary)
    for notation, spelt in _NOTATION:
        text = notation.sub(spelt, text)
    return text


def _american(text: str, vocabulary: Collection[str]) -> str:
    def spelt(found: re.Match[str]) -> str:
        word = found.group(0)
        american = (f"{found.group(1)}z{found.group(2)}" if found.group(1) else f"{found.group(3)}{found.group(4)}")
        if word.lower() in vocabulary or american.lower() not in vocabulary:
            return word
        return american
    return _BRITISH.sub(spelt, text)


def _corrected(text: str) -> str:
    """ "quiz me on week 4, no wait, week 5" -> "quiz me on week 5": the words after the
    correction, up to the end of the clause, replace as many words before it."""
    found = _CORRECTION.search(text)
    if found is None:
        return text
    after = re.match(r"[^,.;!?]*", text[found.end():])
    said = after.group(0).split() if after else []
    before = text[:found.start()].split()
    if not said or len(said) > MAX_CORRECTED_WORDS or len(said) > len(before):
        return text
    # From the word the correction starts with, when it was said before ("on metrics, sorry, on
    # week 4"); else as many words as the correction has ("relu, sorry i meant gelu").
    # A question asked anew replaces the whole one ("..., sorry, i mean what's the buffer").
    recent = [w.lower() for w in before[-MAX_CORRECTED_WORDS:]]
    first = said[0].lower()
    if _ASKS.fullmatch(first.split("'")[0]):
        kept = 0
    elif first in recent:
        kept = len(before) - 1 - recent[::-1].index(first)
    else:
        kept = len(before) - len(said)
    return " ".join(before[:kept] + [text[found.end():]])


@cache
def _foreign() -> dict[str, str]:
    """The question words of `QUESTION_WORDS`, lower case, each with its English."""
    return _pairs(QUESTION_WORDS)


@cache
def _papers() -> dict[str, str]:
    """The authors and papers of `PAPER_NAMES`, lower case, each with the course's words for its topic."""
    return _pairs(PAPER_NAMES)


def _pairs(name: str) -> dict[str, str]:
    """A tab-separated word list of `assistant/data`, comment lines aside."""
    lines = resources.files("assistant").joinpath("data", name).read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line.strip() and not line.startswith("#"))


@cache
def _paper_names() -> re.Pattern[str]:
    """ "the Vaswani paper", "Goodfellow et al.'s": a name, read as what it made."""
    names = "|".join(re.escape(name) for name in sorted(_papers(), key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?P<name>{names})(?: et al\b\.?)?(?:'s)?(?![\w'])", re.IGNORECASE)


@cache
def _foreign_words() -> re.Pattern[str]:
    """A word of `QUESTION_WORDS` standing on its own; in a script written without spaces (or, in
    Korean, with particles joined on), anywhere in a run of letters."""
    words = sorted(_foreign(), key=len, reverse=True)
    spaced = "|".join(re.escape(w) for w in words if not _UNSPACED.search(w))
    unspaced = "|".join(re.escape(w) for w in words if _UNSPACED.search(w))
    return re.compile(rf"(?<![\w'{_MARKS}])(?:{spaced})(?![\w'])(?! al\b)|{unspaced}", re.IGNORECASE)


def _in_english(found: re.Match[str]) -> str:
    english = _foreign()[found.group(0).lower()]
    return f" {english} " if _UNSPACED.search(found.group(0)) else english


def _numbered_weeks(text: str) -> str:
    """ "第5周", "5週目", "3주차", "8η εβδομάδα", "三个问题": a week or a count as the rules read it,
    "week 5", "3 questions" (the number after "week", in digits)."""
    text = _COUNT_WORD.sub(lambda m: f"{_COUNT_WORDS[m.group(m.lastindex or 0)]} ", text)
    text = _COUNTER.sub(" ", text)
    return _WEEK_AFTER_NUMBER.sub(lambda m: f" week {m.group('n') or m.group('n2') or m.group('n3')} ", text)
