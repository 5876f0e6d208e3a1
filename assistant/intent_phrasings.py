"""The phrasings the routing rules read each request by (`assistant.intents`): a request the
assistant itself is asked to obey, a quiz, the results of one, progress, the syllabus and the week
after one, and how many questions a quiz is to have.

Patterns, not a model: each is one way students ask, with an example beside it, and a misroute is
mended by adding one. They read the request lowered and masked: an explicit week mention reads
"weekref" and a bare week title "weektitle" (`assistant.intents._mask`).
"""

from __future__ import annotations

import re

from assistant.request_subjects import IS_IN_COURSE
from assistant.weeks import NUM

INJECTION = [re.compile(p) for p in (
    r"\b(?:ignore|disregard|forget|override|bypass)(?: \w+){0,3} (?:instructions?|rules|prompts?|guidelines|"
    r"directives|constraints|(?:previous|above|prior|earlier) (?:context|messages?))\b",
    r"\bsystem\s+(?:prompt|message|instructions?)\b",
    r"\b(?:reveal|print|show|display|repeat|output|leak|dump|tell me|give me|what (?:is|are))\b.{0,30}"
    r"\byour\b.{0,25}\b(?:prompt|instructions|rules|guidelines|configuration)\b",
    r"\b(?:jailbreak|developer mode|dan mode)\b",
    r"\b(?:reveal|print|show|repeat|dump|leak|tell me)\b.{0,40}\binstructions?\b.{0,30}\b(?:given|received|told)\b",
    r"\byou are now\b", r"\bpretend (?:to be|you are)\b", r"^\W*act as\b",
)]

_QUESTIONS = r"qu?e?st?i?o?ns?"  # "questions", and as typed in a hurry: "questons", "qustion"
# After "one more question on X", the question itself: ": why does it help?"
_GOES_ON_TO_ASK = r"[^?]*[:;,-]\s*(?:what|why|how|when|where|who|which|is|are|does|do|did|can|could|should)\b"
# About the quiz just taken: "make it harder", "again but easier", "different questions this time"
# (`assistant.followup` reads its "it" as that quiz).
QUIZ_AGAIN = re.compile(
    r"^\W*(?:ok |okay |now |then |and )?(?:make (?:it|them|the (?:next )?(?:quiz|questions|ones?)) (?:a bit |a little |"
    r"much )?(?:harder|easier|tougher|simpler|more difficult)|redo (?:it|that|the quiz|them)|"
    r"(?:again|same(?: thing)?|another (?:one|round)),? but "
    r"(?:harder|easier|tougher|simpler)|(?:ask me |give me )?different questions(?: this time)?)\b", re.IGNORECASE)
QUIZ = [re.compile(p) for p in (
    r"\b(?:quiz|test|examine|drill|grill|check|assess|challenge)(?:z?ing)? (?:me|us|myself)\b",  # "mind quizzing me"
    # the quiz by another name: "flashcards on the GPT models", "a practice set on dropout", "mock test"
    r"\b(?:flash ?cards|practice (?:set|problems|round)|mock (?:test|exam|quiz)|pop quiz)\b"
    r"(?! (?:set|data|accuracy|error|loss|app|apps|work|help|(?:are |is )?(?:due|left)))|^\W*flash ?cards?\b",
    r"\b(?:fir(?:e|ing)|throw(?:ing)?|shoot(?:ing)?)(?: \w+){0,3} (?:questions|qs) at (?:me|us)\b",
    r"\b(?:be|get|getting|being) (?:tested|quizzed|examined|drilled)\b",  # "i want to be tested on X"
    r"^\W*(?:a |another )?quiz\b",
    QUIZ_AGAIN.pattern,
    r"\b(?:test|check|assess|evaluate) (?:my|our) (?:knowledge|understanding|skills?|learning|grasp|memory)\b",
    r"\b(?:give|make|create|generate|start|run|take|set|prepare|want|need|try|begin|write|build|get|"
    r"do|appreciate|like|love)(?: (?:to )?me| us)?(?: (?:a|an|another|some|the|one|new|quick|short|brief|small|"
    rf"little|mini|practice|random|{NUM})){{1,3}}(?:[- ]question)? (?:quiz|quizz|quizzes|test|exam|assessment)\b"
    r"(?! (?:set|data|accuracy|error|loss|statistic|time))",
    rf"\bask(?:ing)? (?:me|us) (?:some |a few |a couple of |(?:{NUM}) |more |other )?(?:stuff|things|something)\b",
    # the request is all there is: "one last question on backpropagation?" (not "one more question on
    # ReLU: why ...", which asks its own)
    r"^(?:[^?]*[,.;:!] )?(?:and |ok |okay |so )?(?:one|a|another) (?:last |final |more |quick )?question "
    r"(?:on|about) [^,:;?.!]{1,40}[?.!]*$",
    r"\b(?:give|ask|send|show|make|generate|create|write|draft|prepare|set|get|want|need|throw|fire|pose|hit)"
    r"(?: me| us)?"
    r"(?: (?:a|an|some|sum|few|couple|dozen|handful|bunch|with|of|more|another|the|like|quick|short|practice|sample|"
    r"multiple[- ]choice|mcq|"
    r"review|quiz|test|exam|true[- ]or[- ]false|fill[- ]in[- ]the[- ]blanks?|open|easy|hard|difficult|"
    rf"simple|tricky|{NUM})){{0,5}} (?:{_QUESTIONS}|mcqs?|flashcards?|exercises|drills?)\b",
    # a count first: "5 qs on week 9", "a 7-question quiz on week 2", "three mcqs pls"
    # (not "one more question on dropout: why does it help?", which goes on to ask its own)
    # "last min revision: 10 q on activation functions"
    rf"(?:^|[:;,!]\s)\W*(?:{NUM}|a few|a couple of)(?: more| quick| short| hard| easy| tricky| simple)*"
    rf" (?:{_QUESTIONS}|qs|q|mcqs?|ones (?:on|about|for))\b"
    rf"(?!{_GOES_ON_TO_ASK})(?! (?:is|are|was|were|and|or)\b)",
    rf"\b(?:{NUM})[- ](?:question|item|q) (?:quiz|test|(?:sanity )?check|drill)\b",  # "a quick 5-q sanity check"
    r"^\W*q'?s (?:on|about|for)\b", r"\bqs (?:pls|please|plz)\b",  # "q's on gd", "ablation-style qs pls"
    rf"(?:^|[.:;!?,]\s+)(?:{NUM}) (?:{_QUESTIONS}|qs)(?: (?:pls|please|plz))?\W*$",  # "... . 4 questions"
    r"\brapid[- ]?fire\b(?! rate)",  # "rapid fire on latency"
    r"\b(?:quick|rapid|short|mini|pop|little|small|lightning)[- ]quiz (?:on|about|over|for)\b",  # "rapid quiz on X"
    # the form first: "multiple choice only, on yolo", "true/false pls"
    r"^\W*(?:only |just )?(?:multiple[- ]choice|mcqs?|true[/ -](?:or[- ])?false)(?: only| questions| qs| pls| please)?"
    r"\W*(?:,|$)",
    r"\b(?:practice|quiz|exam|mcq|multiple[- ]choice|self[- ]test) questions\b",
    r"\bpracti[cs]e (?:on |with |for )?(?:the )?(?:weekref|weektitle)\b",
    # "the NLP quiz, please"; not "my NLP quiz is in two hours": the student's own quiz at school
    r"(?<!\bmy )(?<!\bour )\b(?:weekref|weektitle) quiz(?:zes)?\b", r"\bquiz(?:zes)?,? please\b", r"\bplease,? quiz\b",
    # typed as a search: "diffusion models quiz", "epochs batches practice test" (not "my dl quiz",
    # "last quiz", "which quiz")
    r"^\W*(?!(?:my|our|last|previous|yesterday'?s|today'?s|what|which|how|when|where|why|who|is|are|was|did|do)\b)"
    r"(?:[\w'-]+ ){1,4}(?:quiz(?:zes)?|mcqs?|practice test|flash ?cards)\W*$",
)]

# How a quiz went is progress, though it names a quiz: "how did I do in the week 4 quiz?"
RESULTS = [re.compile(p) for p in (
    r"\bhow(?: (?:did|have)|'?d|'?ve) i (?:do|done|perform|performed|been doing|scored?)\b",  # "how'd i score"
    r"\b(?:my|our) (?:(?:actual|real|current|latest|overall) )?(?:progress|scores?|stats|statistics|results|mastery|"
    r"performance|streak|"
    r"(?:quiz |study |learning )(?:history|record))\b",
    r"\b(?:questions?|ones|answers?) (?:did|have) i (?:miss|missed|get wrong|got wrong|fail|failed)\b",
    r"\b(?:(?:did|have) i (?:ever |actually |really )?(?:get|got|gotten)|(?:have i been|am i) getting)"
    r" (?:the |my |those |these |all )?(?:\S+ ){0,3}"
    r"(?:questions?|answers?|quiz(?:zes)?|tests?)\b[^?.!]{0,60}\b(?:right|wrong|correct)\b",
    r"\b(?:did|have) i (?:get|got|gotten) (?:those|these|them|that|all|any|most)(?: of them| ones)? "
    r"(?:right|wrong|correct)\b",  # "... the sigmoid ones, did i get those right"
    r"\b(?:did|have) i (?:get|got|gotten) [^?.!]{1,40} (?:right|wrong|correct) (?:on|in) (?:my|the|that|this) "
    r"(?:last |latest |previous |recent )?(?:quiz(?:zes)?|tests?)\b",  # "did i get padding right on my last quiz"
    # "tell me how badly i bombed the attention quiz", "how well did i do"
    r"\bhow (?:badly|well|bad|good) (?:did )?i (?:do|did|done|bombed|bomb|flunked|failed|scored|performed)\b",
    # asked indirectly: "could you tell me how i did on ..." (not "quiz me, then show me how i did")
    r"^\W*(?:(?:can|could|would|will) (?:you|u) (?:please |pls )?|please |pls )?(?:tell|show) me how i "
    r"(?:did|have done|'ve done|scored|performed|fared)\b",
    # before the quiz rules: "how am i doing on the week 3 quizzes", "did i already take the dropout quiz"
    r"\bhow (?:am i|are we|'?m i|is my \w+) (?:doing|doin'?|progressing|getting on|getting along|performing|going|"
    r"faring|coping|keeping up|tracking|holding up)\b",
    r"\bmy (?:standing|ranking|track record)\b",  # "reveal my standing in week 11"
    r"\b(?:have|did) i (?:already |ever |even |actually |really )?"
    r"(?:done|taken|took|take|finished|finish|completed|complete|passed|pass|"
    r"attempted|tried)\b[^?.!]{0,30}\b(?:quiz|quizzes|tests?)\b",
    # a score the student got: "got 30% on the week 2 quiz", "7/10 on the week 3 quiz"
    r"\b\d{1,3} ?(?:%|percent|/ ?\d{1,3}|out of \d{1,3})[^?.!]{0,30}\b(?:quiz|quizzes|tests?)\b",
    r"\bwhat (?:i|did i) (?:bombed|bomb|flunked|flunk|failed|fail|messed up|mess up|screwed up|screw up|blew)\b",
    r"\b(?:did|have) i (?:pass|passed|ace|aced|bomb|bombed|flunk|flunked)\b",  # "did i pass the CNN stuff"
    r"^\W*(?:my )?(?:scores?|results?|stats|grades?) (?:(?:on|for|in|from)\b|(?=weekref))",  # "score on week 2. go."
    # "show my mistakes" (not "quiz me on my mistakes")
    r"\b(?:show|list|see|review)(?: me)? (?:all )?my (?:mistakes|errors|wrong answers)\b",
    # "why do i keep getting the pooling ones wrong"
    r"\bi keep (?:getting|failing|missing|messing up|blowing)\b[^?.!]{0,40}"
    r"\b(?:questions?|ones|answers?|quiz(?:zes)?)\b",
)]
PROGRESS = RESULTS + [re.compile(p) for p in (
    r"\bprogress (?:report|so far)\b", r"^\W*(?:show |see |check )?(?:me )?(?:the )?progress\W*$",
    r"\bwhat (?:have|did) i (?:already )?(?:studied|study|learn|learned|learnt|covered|cover|completed|"
    r"complete|finished|finish|done|read|mastered)\b",
    r"\b(?:topics?|weeks?)\b(?: (?:of|in|from) weekref)? (?:have |did )?i (?:already )?"
    r"(?:studied|study|learned|learnt|covered|"
    r"completed|finished|mastered|done|read|got wrong|missed|failed)\b",
    r"\b(?:am i|i am|i'm|im) (?:(?:way|too|so|really|very|a bit|falling|far|completely|totally) ){0,3}(?:weak|weakest|"
    r"bad|struggling|strong|strongest|behind|hopeless|terrible|awful|useless|rubbish)\b",
    r"\bmy (?:worst|best|weakest|strongest) (?:weeks?|topics?|areas?|subjects?)\b",  # "whats my worst week"
    # one of the student's results beside another: "am i better at cnns or gans", "which did i mess up more"
    r"\b(?:am i|i am|i'm|im) (?:better|worse|stronger|weaker) (?:at|in|on|with)\b",
    r"\bwhich (?:one )?(?:did|do|have) i (?:mess(?:ed)? up|miss(?:ed)?|fail(?:ed)?|get wrong|got wrong|struggle with|"
    r"do (?:better|worse) (?:on|in|at))\b",
    r"\bhow (?:did|have) i (?:do|done)\b[^?.!]{0,40}\b(?:compared (?:to|with)|versus|vs)\b",
    r"\bmy (?:weakest|strongest|worst|best)(?: one)? (?:of|among|between)\b",
    r"\bwhich (?:weeks?|topics?) am i (?:strongest|weakest|best|worst|better|worse)\b",
    # a weak topic or week is the student's; weak points or spots are the student's only when
    # said so ("my weak points"): "the weak points of GANs" asks about GANs
    r"\b(?:my )?weak(?:est)? (?:topics?|areas?|weeks?)\b", r"\bmy weak(?:est)? (?:spots?|points?)\b",
    r"\b(?:what|which)(?: topics?| weeks?)? (?:should|do) i (?:review|revise|go over|revisit|study next|learn next|"
    r"focus on|work on|practi[cs]e)\b",
    r"\bdue for (?:review|revision)\b", r"\bwhat(?:'s| is) due\b", r"\b(?:is|are) (?:still )?due for me\b",
    r"\bstill due\b", r"\b(?:i )?(?:have |am )?yet to (?:revisit|review|revise|study|do|finish|cover|learn)\b",
    r"\bhow (?:much|far) (?:have i|am i|of the course)\b",
    r"\bhow far (?:through|into|along|in) (?:the|this|my) [^?.!]{0,30}\bam i\b",  # "how far through the course am i"
    # what spaced review has for the student: "what am i forgetting", "which cards are due", "anything due"
    r"\bwhat (?:am i|are we|have i been) forgetting\b", r"\b(?:flash ?)?cards? (?:are |is )?(?:due|left to review)\b",
    r"\banything (?:due|to review)\b",
    r"\b(?:i )?(?:haven'?t|have not|never) (?:got|gotten|get) (?:a single |any |one )?(?:\S+ ){0,2}"
    r"(?:questions?|answers?) (?:right|correct)\b",  # "i haven't got a single pooling question right"
    r"\b(?:am i|are we) ready (?:to move on|to go on|to start|for)\b",  # "am i ready to move on to week 6"
    r"\bh?o?w many \w+ (?:have i|did i|i have|i've)\b",
    # what is left to do: "remaining topics week 8", "topics I still haven't studied", "overdue"
    r"\b(?:remaining|unfinished|unstudied|outstanding) topics\b", r"\boverdue\b",
    r"\b(?:topics|weeks)\b[^?.!]{0,20}\b(?:left|remain)\b",
    r"\b(?:(?:i|we) (?:still )?(?:haven'?t|have not|didn'?t|did not|not yet|never)|haven'?t i|have i not|did i not)"
    r"(?: yet| actually)? (?:started|studied|done|finished|covered|read|learned|learnt|reviewed|completed|touched|"
    r"looked at|seen|opened)\b",
    r"\b(?:i|i've|did i) (?:got|gotten|get) wrong\b",
    # progress over a time: "what did i get wrong yesterday", "today's score?", "my last 3 quizzes"
    r"\bwhat did i (?:miss|get wrong|get right|fail|mess up|score|do|study|learn)\b[^?.!]{0,20}"
    r"\b(?:yesterday|today|tonight|last (?:week|time|night|session)|this (?:week|morning)|since)\b",
    r"\b(?:today|yesterday|this week|last week)'?s (?:scores?|results?|quiz(?:zes)?|progress|mistakes|errors)\b",
    rf"\bmy (?:last|past|previous|recent) (?:{NUM}|few|couple of) (?:quiz(?:zes)?|tests?|attempts|sessions)\b",
    r"\bmy (?:wrong|incorrect|missed|failed) (?:answers|questions|ones)\b",  # "which of my wrong answers ..."
    r"\b(?:still (?:have to|need to|must|got to|to) (?:study|do|finish|cover|complete|learn)|(?:must|have to|need to) "
    r"(?:study|do|finish|cover|complete|learn)\b[^?.!]{0,25}\bstill)\b",
)]

# In the masked text the patterns below see, an explicit week mention reads "weekref" and a bare
# week title "weektitle": "describe week 5" asks for the syllabus, "describe the CNN" does not.
_W = "weekref"
_T = "(?:weekref|weektitle)"
# "what do i need before transformers": what comes first is the syllabus, however much the
# request names the course (`assistant.router` keeps it so against a question vote).
PREREQUISITE = re.compile(r"\bwhat (?:do|should|must) i (?:need|know|finish|do|study|learn|cover|read)"
                          r"(?: to (?:know|do|study|learn))?(?: first)? (?:before|prior to)\b", re.IGNORECASE)
SYLLABUS = [re.compile(p) for p in (
    r"\bsyllabus\b",
    # where a topic sits: "which week talks about GANs", "in which week is attention covered"
    r"\b(?:which|what) weeks?(?: of (?:the|this) (?:course|checklist))? (?:is|are|was|were|has|have|covers?|talks?|"
    r"teach\w*|discuss\w*|includes?|explains?|"
    r"introduc\w*|mentions?|deals? with|starts?|begins?|brings? up|gets? to)\b",
    # where it sits in the order: "what comes just before dropout in the checklist"
    r"(?:\b(?:comes?|came|is)|\bwhat(?:'s|s)?) (?:right |just |directly |immediately )?(?:before|after)\b"
    r"[^?.!]{0,50}\b(?:in|on) (?:(?:the|this|my) (?:order|checklist|course|syllabus|list|curriculum|plan|sequence|"
    r"outline)|weekref)\b",
    # "is yolo before or after retinanet in the list", "what follows these formats in the course"
    r"\b(?:before or after|after or before|what (?:follows|precedes|comes next))\b[^?.!]{0,60}\b(?:in|on) "
    r"(?:the|this|my) (?:order|checklist|course|syllabus|list|curriculum|plan|sequence|outline)\b",
    # "which week transposed convolution is in?": the word order of many a non-native speaker
    r"^\W*(?:in )?(?:which|what) weeks? [^?.!]{1,50}\b(?:is|are|was|were) (?:in|covered|taught)\W*$",
    # "is all of this week 12?", "both in week one right?", "is week 12 the last one with theory?"
    rf"^\W*(?:and |so |ok )?(?:is|are) (?:all |both )?(?:of )?(?:this|that|these|those|it|they|them)"
    rf"(?: of them| of those| two| three)? (?:(?:in|from) )?{_W}\W*$",
    rf"^\W*(?:and |so |ok )?(?:both|all)(?: of them| of those| two| three)? (?:in|from) {_W},? "
    r"(?:right|correct|yes|yeah|too)?\W*$",
    rf"\bis {_W} the (?:last|final|first)\b",
    # why a topic sits where it does: "why is adadelta in week 9 and not with the other optimizers"
    rf"^\W*(?:so |and |but |then )?why (?:is|are|was|were) [^?.!]{{1,40}}\b(?:in|under|part of) "
    rf"(?:(?:the )?{_T}|the (?:\S+ ){{1,3}}?week)\b",
    r"\bwhat (?:comes|is) (?:in )?the (?:week|wk) (?:after|before)\b",
    # "and those are both week one, right?"
    rf"\b(?:is|are|was|were)\b[^?.!]{{1,90}}\b{_W},? (?:right|correct|yes|yeah)\W*$",
    # the order and what comes first: "should i do the NLP week before the LLM week", "does the order
    # matter", "what do i need before starting week 5"
    rf"\b{_T}\b[^?.!]{{0,20}}\b(?:before|after)\b[^?.!]{{0,10}}\b{_T}\b", r"\bdoes (?:the )?order (?:not )?matter\b",
    r"\bin (?:what|which) order\b[^?.!]{0,40}\b(?:weeks?|topics|course|modules|lessons|weekref|weektitle)\b",
    rf"\bbefore (?:i )?(?:start|starting|begin|beginning|doing|taking|tackling|moving (?:on )?to) (?:the )?{_T}\b",
    r"^\W*(?:and |so |ok )?(?:what(?:'s|s| is) )?(?:the )?next (?:topic|lesson|section|chapter)\W*$",  # "next topic?"
    r"\bprereq(?:uisite)?s?\b",  # "prereqs for the transposed conv?"
    # how big the course is: "how many weeks is this whole thing", "how long is the course"
    r"\bhow many (?:weeks|topics|lessons|modules|articles)\b", r"\bhow long is (?:the|this) (?:course|whole)\b",
    # "is there a week on reinforcement learning"
    r"\bis there (?:a|an|any) (?:week|lesson|section|part|module|chapter|topic|article)"
    r"(?: (?:in|of) (?:the|this) course)? (?:on|about|for|covering|with)\b",
    # "is GELU in week 2 or later?", "is that in week 4 too or elsewhere"
    rf"\b(?:is|are|was|were) [^?.!]{{1,40}}\b(?:in|from|part of) {_W}(?:\W*$|[^?.!]{{0,40}}\bor (?:later|earlier|"
    r"before|after|somewhere|elsewhere|another|a different|not)\b)",
    # "are Separable Convolution and Pointwise Convolution in week 9?": a yes-or-no question on long titles
    rf"^\W*(?:so |and |but |ok |okay )?(?:is|are|was|were) [^?.!]{{1,90}}\b(?:in|from|part of) {_W}\W*$",
    # "is gelu in the activation functions week", "and those all sit in week 4?", "is all of that week 3?"
    r"^\W*(?:so |and |but |ok |okay )?(?:is|are|was|were) [^?.!]{1,40}\b(?:in|from|part of) the (?:\S+ ){1,3}?week\W*$",
    rf"^\W*(?:so |and |but |ok |okay )?(?:is|are|was|were) [^?.!]{{1,40}}\b(?:in|from|part of) (?:the )?{_T} or "
    rf"(?:in )?(?:the )?{_T}(?: one)?\W*$",  # "is xlnet in the LLM week or the NLP one"
    rf"\b(?:sits?|sitting|lives?|belongs?) (?:in|to|under) (?:the )?{_T}",
    rf"^\W*(?:so |and |but |ok |okay )?(?:is|are) (?:all|both)(?: of)? (?:that|this|these|those|them|it)"
    rf"(?: in)? {_W}\W*$",
    # what comes first: "what do i need to know before the attention part", "before GANs what do i need"
    r"\bwhat (?:do|should|would|must) i (?:need to |have to )?(?:know|learn|study|read|cover|understand|do)"
    r"(?: first)? before\b",
    r"^\W*(?:so |and )?before [^?.!,]{1,40},? what (?:do|should|would|must) i (?:need|know|learn|study|read)\b",
    r"^\W*(?:so |and )?after [^?.!,]{1,40},? what (?:should|do|can) i (?:read|study|learn|look at|do) next\b",
    # "is that week 2 or week 5 stuff?", "are both in the same week?", "RetinaNet: week?"
    rf"\b(?:is|are|was|were) [^?.!]{{0,60}}\b{_W} or (?:in )?(?:{_W}|\d{{1,2}})\b", r"\b(?:in|from) the same week\b",
    # "is flops week 10?", "layer normalization is covered in week ___?"
    rf"^\W*(?:so |and |but |ok |okay )?(?:is|are|was|were) [^?.!]{{1,40}}\b{_W}\W*$", r"\b(?:week|wk)\s*_{2,}",
    # what a week holds, asked as what skipping it would cost: "what would i miss if i skipped week 7"
    rf"\bskip(?:ped|ping)? (?:the )?{_T}\b[^?.!]{{0,40}}\bmiss(?:ing)?\b"
    rf"|\bmiss(?:ing)?\b[^?.!]{{0,30}}\bskip(?:ped|ping)? (?:the )?{_T}\b",
    # the same said as a statement to be checked: "dropout is in week 8", "so these two are both covered in week 3"
    rf"^\W*(?:so |and |but |ok |okay )?[^?.!,]{{1,40}}\b(?:is|are) (?:all |both )?(?:covered |taught |discussed )?"
    rf"(?:in|from|part of) {_W}(?:,? (?:right|correct|yes|yeah|i think|then))?\W*$",
    rf"\b(?:is|are|was|were) [^?.!]{{1,40}}\b{_W} (?:stuff|material|content)\b",  # "all first week stuff"
    r"^\W*(?:[^:?.!]{1,60}: ?)?(?:which |what )?(?:week|wk)\W*$",
    r"^[^?.!]{1,80}, (?:which|what) (?:week|wk)\W*$",  # "the one about how CNNs evolved, which week"
    r"\b(?:is|are) (?:in )?(?:which|what) (?:week|wk)\b",  # "AUC and ROC is which week"
    # time planning: "how long would week 6 take", "can i skip the winograd one", "finished week 4,
    # what should i do on the weekend"
    rf"\bhow (?:long|many (?:hours|days)|much time) (?:would|will|does|do|should|might)"
    rf" (?:(?:the|that|this|a) )?(?:whole |entire )?(?:{_T}|week|course|module)\b[^?.!]{{0,20}}\btake\b",
    r"\b(?:can|could|should|may) (?:i|we) (?:safely |just |maybe )?(?:skip|skim)\b(?! connections?)",
    r"\bwhat (?:should|do|can|could) i (?:do|study|start|read|learn)(?: on)? (?:the|this|next) weekend\b",
    rf"\b(?:finished|done with|completed) (?:the )?{_T}\b[^?.!]{{0,10}}\bwhat (?:should|do|can) i (?:do|study|start)\b",
    r"\bsame week as\b",
    rf"\b(?:is|are) [^?.!]{{1,60}}\b(?:one|among|part) of the {_W}\b",
    # "is all the tensorflow stuff in one week?", "why is one in week 11 and the other in 12"
    r"\bin (?:one|a single) week\W*$", rf"\bone\b[^?.!]{{0,20}}\bin {_W} and the other (?:one )?in\b",
    # how much work a week is: "is week 10 a heavy one", "how long is week 6"
    rf"\b(?:is|was) {_W} (?:a )?(?:heavy|long|big|hard|tough|light|short|easy|quick)\b",
    rf"\bhow (?:long|big|heavy|hard|much work) is {_W}\b",
    # "do we do any reinforcement learning at all?"
    r"\bdo (?:we|you|i) (?:do|cover|learn|study|get|touch) (?:any|anything (?:on|about))\b",
    # "do we cover RL at all?", "y'all teach pytorch anywhere in here"
    r"\b(?:we|you|y'all|ya'll|u|they) (?:do|cover|learn|study|teach|touch|get to)\b[^?.!]{1,40}\b(?:at all|anywhere)\b",
    # "which week the projects?" (no verb, as Tagalog asks), "order of the models in week 5?"
    r"^\W*(?:in )?(?:which|what) (?:week|wk)\b(?!'s)", r"^\W*(?:the )?order of\b",
    # "which week they teach GANs": the week's subject said by who teaches it
    r"\b(?:which|what) weeks? (?:(?:do|does|did|will) )?(?:they|we|you|u|y'all) (?:teach|cover|do|discuss|introduce|"
    r"talk about|get to|learn|study)\b",
    # "does the course have anything about resnets? where?"
    r"\bcourse (?:has|have|got|contains?|includes?|covers?) (?:something|anything|stuff|a topic|a section|a part)\b",
    # "dropout comes up in two weeks, right?", "are these covered in different weeks"
    r"\b(?:in|on|across) (?:different|separate) weeks\b",
    r"\b(?:shows? up|appears?|comes? up|turns? up|covered|taught|is|are|was|were) (?:in|across|over|on) "
    r"(?:two|three|2|3|different|separate|multiple|several|both) weeks\b",
    # "are there any lessons on dropout in week 8"
    rf"\b(?:is|are) there (?:a|an|any)\b[^?.!]{{0,40}}\b(?:topics?|lessons?|sections?|parts?|chapters?)\b[^?.!]{{0,15}}"
    rf"\b(?:in|on|during) (?:the )?{_T}",
    IS_IN_COURSE.pattern,  # whether the course has it: "is BERT in this course or not"
    # whether a week has it, or when it comes: "does week 4 include recall?", "is X taught before Y?"
    rf"^\W*(?:so |and |but )?(?:does|do|will) {_W} (?:include|cover|contain|have|mention|go over|talk about)\b",
    r"\b(?:taught|covered|introduced) (?:before|after)\b",
    r"\bin (?:which|what) week\b", r"\bwhere (?:in the course|in the syllabus|can i find|i can find)\b",
    # what comes first: "what do i need before transformers", "can i do week 12 without week 11"
    PREREQUISITE.pattern,
    r"\bdo i (?:need|have) (?:to (?:know|do|finish|study|learn) )?[^?.!]{1,40}\bbefore\b",
    rf"\bcan i (?:do|skip|start|take|jump to|go to|move to|begin)\b[^?.!]{{0,30}}\bwithout (?:doing |finishing )?"
    rf"(?:the )?{_T}",
    r"\b(?:prerequisites?|prereqs?)\b",
    # "which week do we learn about GANs", "what week will i get to attention"
    r"\b(?:which|what) weeks? (?:do|will|would|should|can|did) (?:i|we|you|they) (?:learn|study|do|cover|see|get to|"
    r"reach|meet|start|tackle|look at)\b",
    r"\bcurriculum\b",
    # "which parts of the course would I need to understand this?"
    r"\b(?:which|what) (?:parts?|sections?|weeks?|topics|lessons?|modules?|chapters?) (?:of|in) (?:the|this) course\b",
    r"\bwhere(?:'s| is| are| does| do)\b(?:[^?.!]|\.(?=\w)){0,40}\b(?:in|on) (?:the |this )?"
    r"(?:course|syllabus|checklist)\b",  # "where is tensorflow.js in the course"
    r"\bwhere (?:does|do|will) (?:the|this) course\b",
    r"\btable of contents\b",
    r"\b(?:full|whole|complete|entire|overall|\d{1,2}[- ]weeks?) (?:course )?"
    r"(?:outline|overview|curriculum|syllabus)\b(?! of (?!the course|this course))",  # "the full 13-week outline"
    r"\bcourse (?:outline|overview|structure|plan|contents?|topics)\b",
    r"\bwhat (?:does|will) (?:the|this) course (?:cover|teach|include|contain)\b",
    r"\bwhat (?:will|do|can|would) i learn (?:in|from|during) (?:the|this) course\b",
    r"\b(?:what|which) (?:topics|subjects|lessons|weeks) (?:are|will be|get|does|do)\b"
    r"(?: \w+)? ?(?:covered|taught|included|discussed|in|on|there|cover|have)\b",
    r"\blist (?:of |all |the )*(?:topics|weeks)\b",
    rf"\bwh?at(?: else| all| other)?(?:'s|s| is| are| will be)? (?:there )?"
    rf"(?:in|on|inside|covered in|taught in|included in) (?:the )?{_T}\b",
    rf"\b{_T}\b[^?.!]{{0,25}}\b(?:topics|overview|summary|outline|syllabus)\b",
    # "what is week 5 about?" asks for the syllabus; "what does week 5 say about GoogLeNet?" does not
    rf"\b{_W}\b[^?.!]{{0,25}}\b(?:about|cover|covers|covered|contain|contains|include|includes|consists?)"
    r"(?: of)?(?: in total| overall| exactly)?(?:\W*$|,)",
    rf"\b(?:outline|overview|summar\w*|recap|contents?|topics|rundown|breakdown|agenda|program(?:me)?)"
    rf"(?: of| in| from| for)?(?: the| all)? {_T}\b",
    rf"\b(?:describe|explain|tell me about|show(?: me)?|list|go over|walk me through|run me through)"
    rf"(?: the| all)?(?: topics (?:of|in|from|for))?(?: the)? {_W}\b",
    rf"\btopics\b[^?.!]{{0,30}}\b{_T}\b",
    # "what are all the things in week seven", "what stuff is in the LLMs week"
    rf"\bwhat(?:'s|s| is| are)? (?:all )?(?:the )?(?:things|stuff|material|content)\b[^?.!]{{0,15}}"
    rf"\b(?:in|on|for|from) (?:the )?{_T}\b",
    rf"^\W*(?:the )?{_W}\W*$",
    rf"\bwhat other [\w -]{{1,30}}? (?:are|is) (?:there )?(?:in|on|covered in|taught in) (?:the )?{_T}\b",
    rf"\bwhat (?:does |will )?(?:the )?{_W} (?:have|has|hold|holds)\b",
)]
# What follows a week is the next week's outline: "what comes after the CNN week", "finished
# week 8, what's up next?", "the week after week 3".
NEXT_WEEK = [re.compile(p) for p in (
    rf"\b(?:comes?|coming|follows?|next) (?:right |straight |directly |immediately )?after (?:the )?{_T}",
    rf"\bwhat (?:comes|follows) (?:the )?{_T}",
    rf"\bthe week (?:right )?(?:after|following) (?:the )?{_T}",
    rf"\b{_T}\b[^?]{{0,60}}\bwhat(?:'s|s| is| comes)?(?: up)? next\b",
)]

# "three questions", "a 5-question quiz", "a couple of questions"
COUNT = re.compile(rf"\b(?P<n>{NUM}|a couple|couple|a few|a dozen)(?: of)?(?: more)?(?: (?!(?:{NUM})\b)[a-z-]+){{0,3}}?"
                    rf"[ -](?:{_QUESTIONS}|qs|q|mcqs?|flashcards?|exercises|items|things|ones)\b")
FUZZY_COUNTS = {"a couple": 2, "couple": 2, "a few": 3, "a dozen": 12, "a": 1}
# ...and said otherwise: "one more on backprop", "hit me with a q", "give me 10 on week 9", "wk5 x3".
OTHER_COUNTS = [re.compile(p) for p in (
    r"\b(?P<n>one|1) more\b(?= (?:on|about|but|please|pls|q|question)\b|\W*$)",
    r"\b(?P<n>a) (?:quick |single |short )?(?:q|question)\b(?! (?:about|on) (?:my|the) )",
    r"\b(?:give me|gimme|ask me|hit me with|throw|do)\s+(?P<n>\d{1,2})\s+(?:more )?(?:on|about|from|for)\b",
    r"(?<![\w-])x(?P<n>\d{1,2})\b",
)]
