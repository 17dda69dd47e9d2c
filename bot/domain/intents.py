"""Free text typed outside a form → what the member wants, before it is taken for a name.

`detect("что делать дальше?")` → `Intent.NEXT`; `detect("Музей")` → None (offer it as a new
partner's name, as before).

How: the text is lower-cased («ё» as «е»), punctuation and emoji dropped, and the words
that only dress a request up are dropped too (`FILLERS`: «мои», «покажи», «список»,
«пожалуйста», «бот», «у меня»…). What remains must be, as a whole, one of the phrasings of
an intent (`PATTERNS`, regular expressions over the remaining words); failing that, what
follows a greeting and «подскажите» («Добрый день! Подскажите, что делать дальше?» →
NEXT). Every word has to be explained, so a name that merely contains such a word
(«Центр помощи семье», «Клуб «Встреча»», «Планетарий») is not an intent.

Never an intent: a text with quotes, «№» or digits, a legal form (ООО, МАУК…) or more than
`MAX_WORDS` words — those are names (or sentences) for the flow that asked for them.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain.search import LEGAL_FORMS

MAX_WORDS = 7


class Intent(StrEnum):
    NEXT = "next"  # what to do next: the coach's next step
    HELP = "help"
    GREETING = "greeting"
    MEETINGS = "meetings"
    AGREEMENTS = "agreements"
    PARTNERS = "partners"
    PLAN = "plan"
    TASKS = "tasks"


FILLERS: frozenset[str] = frozenset(
    {
        "мои", "мой", "моя", "мое", "моих", "моим", "наши", "наш", "наша", "наших",
        "покажи", "покажите", "показать", "открой", "откройте", "открыть", "посмотреть",
        "глянуть", "перейти", "перейди", "дай", "дайте", "давай", "давайте", "хочу", "нужен",
        "нужна", "нужны", "нужно", "список", "списка", "раздел", "все", "всех", "весь",
        "пожалуйста", "плиз", "пж", "а", "ну", "и", "же", "вот", "так", "ли", "бот", "ботик",
        "у", "меня", "мне", "нам", "нас", "где", "какие", "какой", "какая", "еще", "можно",
        "в", "к", "на", "по", "мою", "слушай",
    }
)  # fmt: skip

PATTERNS: dict[Intent, tuple[str, ...]] = {
    Intent.GREETING: (
        r"привет\w*",
        r"здра\w*ст\w*|здрасьт\w*|здрасте",
        r"добр(ый|ое|ого|ой) (день|дня|вечер|вечера|утро|утра|времени суток)",
        r"доброго времени суток",
        r"хай|хелло|hello|hi|салют|йоу",
    ),
    Intent.HELP: (
        r"помо(щь|щи|ги|гите|жешь|гать)( мне| пожалуйста)?",
        r"справка|help|хелп|инструкция|подсказка|подскажи(те)?|faq",
        r"что (ты )?умеешь|что (ты )?можешь|что умеет",
        r"как (это |тобой |ботом )?пользоваться( ботом| тобой| им)?",
        r"как (это |ты )?работает|не понимаю|ничего не понятно|непонятно|я запутал(ся|ась)",
    ),
    Intent.NEXT: (
        r"(и )?(что|чем) (же )?(мне |нам )?(теперь |сейчас )?(делать|сделать|заняться)"
        r"( дальше| далее| теперь| потом| сейчас)?",
        r"(и )?что (же )?(теперь |сейчас )?(дальше|далее|потом|теперь)( делать| сделать)?",
        r"(какой )?следующ\w* (шаг|этап|действие)\w*",
        r"следующ\w*|дальше|далее|куда дальше|с чего (мне )?начать|что (мне )?делать",
    ),
    Intent.MEETINGS: (
        r"(ближайшие |запланированные |предстоящие |назначенные )?встреч(а|и|у|ам|ами)?",
        r"календарь( встреч)?|расписание( встреч)?",
    ),
    Intent.AGREEMENTS: (
        r"(договор\w*|соглашени\w*)( (договор\w*|соглашени\w*))?",
        r"документы|бумаги",
    ),
    Intent.PARTNERS: (
        r"(база |карточки )?(соц(иальных|иальные)? )?партн[её]р(ы|ов|ам|ами|а|у)?",
        r"(база |карточки )?(социальн\w* )?партн[её]рств\w*",
        r"организации|контакты",
    ),
    Intent.PLAN: (
        r"план(ы|а|ом|у)?( работы| действий| развития)?( неделю| месяц| год| сегодня)?",
        r"планирование|программа (действий|развития)|дорожная карта",
    ),
    Intent.TASKS: (
        r"задач(и|а|у|ами)?( сегодня| неделю)?",
        r"дела( сегодня)?|список дел|что сегодня|todo|to-do|to do",
        r"напоминани(е|я|й)|мои напоминания",
    ),
}
_COMPILED: tuple[tuple[Intent, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern)) for intent, patterns in PATTERNS.items() for pattern in patterns
)
_COURTESY = re.compile(
    r"^(?:(?:" + "|".join(PATTERNS[Intent.GREETING]) + r")\s*)?"
    r"(?:(?:подскажи(?:те)?|скажи(?:те)?|извини(?:те)?|простите)\s*)?"
)
_NAME_MARKS = re.compile(r"[«»\"“”„№\d]")
_WORD = re.compile(r"[a-zа-я]+(?:-[a-zа-я]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def detect(text: str) -> Intent | None:
    """What a free text asks for, or None: treat it as the flow would (a partner's name…)."""
    if not text or _NAME_MARKS.search(text):
        return None
    words = _words(text)
    if not words or len(words) > MAX_WORDS or any(w in LEGAL_FORMS for w in words):
        return None
    meaningful = [w for w in words if w not in FILLERS] or words
    phrase = " ".join(meaningful)
    if (intent := _match(phrase)) is not None:
        return intent
    # «Добрый день! Подскажите, что делать дальше?»: the request after the courtesies
    rest = _COURTESY.sub("", phrase, count=1)
    return _match(rest) if rest and rest != phrase else None


def _match(phrase: str) -> Intent | None:
    for intent, pattern in _COMPILED:
        if pattern.fullmatch(phrase):
            return intent
    return None
