"""A request in the course's words: weeks called modules or in Roman numerals, British spelling,
ELI5, closing thanks, the question words of other languages, words that sound like the course's,
formulas and framework code."""

from collections import Counter
from importlib import resources

import pytest

from assistant.wording import QUESTION_WORDS, in_plain_words, without_notation

COURSE_WORDS = {"normalization", "optimize", "initialization"}


@pytest.mark.parametrize(("text", "plain"), [
    ("what does module 6 cover", "what does week 6 cover"),
    ("unit three quiz", "week three quiz"),
    ("is the last chapter hard", "is the last week hard"),
    ("which unit is attention in", "which week is attention in"),
    ("how does layer normalisation work", "how does layer normalization work"),
    ("why optimise for latency", "why optimize for latency"),
    ("eli5 backpropagation", "explain backpropagation"),
    ("explain the chain rule like im 5", "explain the chain rule"),
    ("explain it like im five: what is an epoch", "what is an epoch"),
    ("test me on relu and gelu thx", "test me on relu and gelu"),
    ("test me on dropout yaar", "test me on dropout"),
    ("y do we need padding", "why do we need padding"),
    ("relu y gelu", "relu and gelu"),
    ("qué es dropout?", "what is dropout?"),
    ("c'est quoi une epoch", "what is une epoch"),
    ("en qué semana is attention", "in which week is attention"),
    ("in welcher Woche ist dropout?", "in which week is dropout?"),
    ("quiz mich über GELU bitte", "quiz me on GELU"),
    # a student correcting themselves as they type
    ("test me on week 6, no wait, week 7", "test me on week 7"),
    ("quiz pls #week2 #gelu", "quiz pls week2 gelu"),
    ("is week #3 hard", "is week #3 hard"),  # a number sign, not a tag
    ("explain elu, sorry i meant selu", "explain selu"),
    # what the student rules out
    ("no, not relu, the leaky kind", "the leaky kind"),
    ("quiz me on pooling, not padding", "quiz me on pooling"),
    ("test me on week 3 only, not week 4", "test me on week 3 only"),
    # who the student talks to, Indian English's doubt, and polite closers
    ("hey assistant, what comes next?", "what comes next?"),
    ("i am having doubt in pooling, kindly clarify", "i have a question about pooling"),
    ("explain padding sir", "explain padding"),
    # Hindi question words in Latin letters, as Indian students mix them in
    ("bhai relu kya hai?", "relu what is?"),
    ("pooling kaise kaam karta hai", "pooling how kaam karta"),
    ("week 4 ka quiz do", "week 4 quiz me"),
    ("mera week 2 ka score", "my week 2 score"),
    # a topic named by who made it
    ("what did vaswani et al. propose", "what did Transformers propose"),
    ("explain the Goodfellow paper", "explain the GANs paper"),
    ("is the Kingma and Ba optimizer in the course", "is the Adam optimizer optimizer in the course"),
    # words typed without a space between them
    ("howdoes padding work", "how does padding work"),
    ("whatweek is yolo", "what week is yolo"),
    # Portuguese, Italian and Indonesian question words
    ("o que é dropout?", "what is dropout?"),
    ("che cos'è padding? perché serve", "what is padding? why serve"),
    ("apa itu relu sebenarnya?", "what is relu actually?"),
    ("me testa em pooling, só 3", "quiz me on pooling, only 3"),
    # Tagalog, Nigerian Pidgin and Singlish
    ("ano ba yung padding?", "what is padding?"),
    ("abeg wetin be dropout", "please what is dropout"),
    ("bakit po kailangan ang pooling", "why kailangan ang pooling"),
    ("y'all cover gans?", "y'all cover gans?"),  # "y" as "why" only on its own
    ("fammi 2 domande su dropout", "give me 2 questions on dropout"),
    # Dutch, Swedish, Japanese, Vietnamese, Turkish and Polish question words
    ("vad är padding? förklara kort", "what is padding? explain briefly"),
    ("wat is een epoch eigenlijk", "what is a epoch actually"),
    ("co to jest dropout", "what is dropout"),
    ("dropout là gì", "dropout what is"),
    ("testa mig på relu", "quiz me on relu"),
    ("hangi hafta attention", "which week attention"),
    ("chto takoe dropout", "what is dropout"),
    ("shu ya3ni padding", "what is padding"),
    ("tolong explain relu", "please explain relu"),  # Malay, not "to long"
    ("softmax mwoya", "softmax what is it"),
    # a week in Roman numerals
    ("quiz me on wk IV", "quiz me on wk 4"),
    ("what comes after week xii", "what comes after week 12"),
    # a course word typed as the everyday word that sounds the same
    ("witch week is padding in", "which week is padding in"),
    ("what is wait decay", "what is weight decay"),
    ("how do the pulling layers shrink the map", "how do the pooling layers shrink the map"),
    ("does bath size matter", "does batch size matter"),
    ("than what does the loss do", "then what does the loss do"),
    ("what did i miss on pooling, sorry, on week 2 overall", "what did i miss on week 2 overall"),
    ("how do filters work, no, what is padding", "what is padding"),
    ("padding pe quiz do", "padding quiz"),  # Hindi puts "on" after its subject
    # scripts without spaces: a word inside a run of letters, a week or a count in digits
    ("第3週の内容は何", "week 3 content what"),  # Japanese
    ("第十一周讲什么", "week 11 is about what"),  # Chinese, its number in words
    ("퀴즈 세 문제 내줘", "quiz 3 questions give me"),  # Korean, its particles joined on
    ("ควิซ 4 ข้อ", "quiz 4 questions"),  # Thai
    ("τι είναι το pooling", "what is the pooling"),  # Greek, spaced as English is
    ("GRU에서는 어떻게", "GRU how"),  # a particle joined to an English word, and no longer in the way
    # what is left unread of another script is dropped around the English it blurs
    ("transformer 안에 들어가는 layer norm 위치가 어디예요?", "transformer layer norm where?"),
    ("what does λ control here", "what does λ control here"),  # one letter is notation
    ("আজ আবহাওয়া কেমন?", "আজ আবহাওয়া কেমন?"),  # nothing read: nothing dropped
    ("김치찌개 만드는 법 알려줘", "김치찌개 만드는 법 tell me"),  # no English written: the subject stays
])
def test_a_request_in_the_courses_words(text, plain):
    assert in_plain_words(text, COURSE_WORDS) == plain


@pytest.mark.parametrize("text", [
    "what is a gated recurrent unit",  # a unit with no number is no week
    "the top n words",  # "n" a number, not "and"
    "as Bengio et al. showed",  # "et al." stays
    "thanks",  # a thank-you alone stays one
    "what is dropout, no idea what it does",  # no correction
    "why does relu help, sorry if this is basic",
    "explain like i'm five",  # a follow-up's "in simpler words"
    "what colour is the sky",  # "color" is no word of the course
    "why is relu not differentiable at zero, the kink?",  # "not" inside the question
    "is relu differentiable or not",
    "backprop vs adagrad",  # no run of common words: the course's and chat's own
    "which week I should start with",  # "I" is the student, not week 1
    "what are the weak points of cnns",  # weak, not week
    "wait, what is padding",  # wait, not weight
    "is the weather that bad today",  # the sky's weather, not "whether"
])
def test_words_that_mean_what_they_say_stay(text):
    assert in_plain_words(text, COURSE_WORDS) == text


@pytest.mark.parametrize(("text", "spelt"), [
    ("what is dL/dw in backprop", "what is gradient in backprop"),
    ("why does ∂L/∂w shrink", "why does gradient shrink"),
    ("σ(x) vs tanh", "sigmoid vs tanh"),
    ("why is max(0, x) non-linear", "why is relu non-linear"),
    ("is 1/(1+e^-x) smooth", "is sigmoid smooth"),
    ("the cd/dvd drive", "the cd/dvd drive"),  # no formula
    # framework code, as practitioners name things
    ("what does nn.ConvTranspose2d do", "what does transposed convolution do"),
    ("nn.GRU or nn.LSTM?", "gru or lstm?"),
    ("BatchNorm2d vs LayerNorm", "batch normalization vs layer normalization"),
    ("what does Conv2DTranspose compute", "what does transposed convolution compute"),  # Keras: dimensions inside
    ("SeparableConv2D or UpSampling2D", "separable convolution or upsampling"),
    ("keras BatchNormalization", "keras batch normalization"),
    ("why Dropout(0.5) in tf.keras.layers", "why dropout in tensorflow layers"),
    ("is kaiming_normal_ the same thing", "is he initialization the same thing"),
    ("what does loss.backward() compute", "what does backpropagation compute"),
    ("tf.reshape vs tf.matmul", "tensorflow reshape vs tensorflow matmul"),
    ("is ResNet deeper than GoogleNet", "is ResNet deeper than GoogleNet"),  # names, not code
])
def test_formulas_are_read_as_the_words_they_stand_for(text, spelt):
    assert without_notation(text) == spelt


def test_a_gradient_written_as_a_formula_is_answered_from_backpropagation(assistant):
    result = assistant.ask("what does dL/dw tell backprop")
    assert result.intent == "answer" and result.citations[0].topic == "Backpropagation"


def test_a_question_in_hinglish_is_answered_from_the_course(assistant):
    result = assistant.ask("bhai padding kya hota hai, samjhao")
    assert result.intent == "answer" and result.citations[0].topic == "Padding ops"


def test_a_week_called_a_module_is_that_week(assistant):
    result = assistant.ask("quiz me on module 4, 3 questions")
    assert result.intent == "quiz" and result.week == 4 and len(result.quiz) == 3


def test_a_spanish_question_word_asks_the_question(assistant):
    result = assistant.ask("qué es winograd convolution?")
    assert result.intent == "answer"
    assert result.citations and result.citations[0].topic_id == "w09-t02"


@pytest.mark.parametrize(("question", "intent", "week"), [
    ("wiki ya 8 inahusu nini?", "syllabus", 8),  # Swahili
    ("בחן אותי על שבוע 12", "quiz", 12),  # Hebrew
    ("در هفته ۱۱ چه موضوعاتی هست؟", "syllabus", 11),  # Persian, with its digits
    ("আমাকে week 3 এর উপর একটা কুইজ দাও", "quiz", 3),  # Bengali
    ("mera progress kaisa hai is course mein?", "progress", None),  # Urdu in Latin letters
    ("第7週のクイズをお願いします", "quiz", 7),  # Japanese
    ("第十二周讲什么", "syllabus", 12),  # Chinese
    ("내 점수 어때?", "progress", None),  # Korean
    ("สัปดาห์ที่ 2 มีอะไรบ้าง", "syllabus", 2),  # Thai
    ("τι έχει η εβδομάδα 4;", "syllabus", 4),  # Greek
])
def test_a_request_in_another_language_is_read_for_what_it_asks(assistant, question, intent, week):
    result = assistant.ask(question)
    assert (result.intent, result.week) == (intent, week)


@pytest.mark.parametrize("question", ["過学習とは何ですか", "过拟合是什么", "과적합이 뭐야?", "بیش‌برازش چیست؟",
                                      "מה זה התאמת יתר?"])
def test_a_course_word_in_another_script_is_answered_from_its_topic(assistant, question):
    result = assistant.ask(question)
    assert result.intent == "answer" and result.retrieved[0] == "w04-t08"  # Overfitting


def test_eli5_is_a_request_to_explain_not_another_subject(assistant):
    result = assistant.ask("explain like im 10 what max pooling is")
    assert result.intent == "answer" and result.coverage == "covered"


@pytest.mark.parametrize(("question", "topic_id"), [
    ("what is nn.ConvTranspose2d actually doing to the feature map?", "w10-t01"),  # its PyTorch class
    ("oi, o que é overfitting exatamente?", "w04-t08"),  # in Portuguese
    ("comment le max pooling réduit la taille des images?", "w02-t23"),  # in French
    ("hoe meet je de latency van een model bij inference?", "w03-t04"),  # in Dutch
    ("What did Frank Rosenblatt build in 1957?", "w01-t05"),  # by its inventor
])
def test_a_topic_named_the_students_way_is_answered_from_that_topic(assistant, question, topic_id):
    result = assistant.ask(question)
    assert result.intent == "answer" and result.citations[0].topic_id == topic_id


def test_each_word_of_another_language_has_one_english_reading():
    """A word listed twice would be read as whichever line comes last, silently."""
    listed = resources.files("assistant").joinpath("data", QUESTION_WORDS).read_text(encoding="utf-8").splitlines()
    words = [line.split("\t")[0].lower() for line in listed if line.strip() and not line.startswith("#")]
    assert sorted(word for word, times in Counter(words).items() if times > 1) == []


def test_each_english_reading_is_a_few_plain_words():
    """A comment run onto a word's line would be read into every request with that word."""
    listed = resources.files("assistant").joinpath("data", QUESTION_WORDS).read_text(encoding="utf-8").splitlines()
    readings = [line.split("\t")[1] for line in listed if line.strip() and not line.startswith("#")]
    assert [reading for reading in readings if len(reading.split()) > 6 or "#" in reading] == []


@pytest.mark.parametrize("question", [
    "hvordan virker en autoencoder egentlig? jeg forstår ikke hvorfor den komprimerer billedet",  # Danish
    "kan je uitleggen hoe een autoencoder werkt? ik snap niet waarom hij het beeld comprimeert",  # Dutch
])
def test_a_question_mostly_in_another_language_is_answered_from_the_topic_it_names(assistant, question):
    # The meaning model reads English: a question in another language read to it as "another
    # subject", and the language's words were named as terms the course does not explain.
    result = assistant.ask(question)
    assert result.intent == "answer" and result.retrieved[0] == "w06-t02"  # Autoencoder
    assert result.coverage == "covered" and not result.answer.startswith("The course does not explain")


def test_another_language_naming_an_everyday_word_of_a_title_is_still_refused(assistant):
    # "laptop" is a word of a title (Laptops) but no specialist word: nothing here is the course's.
    assert assistant.ask("rekomendasikan laptop yang bagus untuk bermain game dong").intent == "out_of_scope"


@pytest.mark.parametrize(("typed", "meant"), [
    ("quiz me on weak twelve", "quiz me on week twelve"),
    ("test me on weak elven", "test me on week eleven"),
    ("what were my quit scores on week 3", "what were my quiz scores on week 3"),
    ("quit me on dropout", "quiz me on dropout"),
    ("my model is weak too", "my model is weak too"),  # a weak model, no week
    ("should I quit my job for this course", "should I quit my job for this course"),
])
def test_a_week_or_quiz_autocorrect_made_an_everyday_word_is_read_as_meant(typed, meant):
    assert in_plain_words(typed) == meant
