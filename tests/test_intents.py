"""Free text outside a flow: an intent, or None (then it may be a new partner's name)."""

from __future__ import annotations

import pytest

from bot.domain.intents import Intent, detect

PHRASES: list[tuple[str, Intent | None]] = [
    # the client's examples
    ("что дальше", Intent.NEXT),
    ("что делать дальше?", Intent.NEXT),
    ("следующий шаг", Intent.NEXT),
    ("помощь", Intent.HELP),
    ("помоги", Intent.HELP),
    ("привет", Intent.GREETING),
    ("здравствуйте", Intent.GREETING),
    ("встречи", Intent.MEETINGS),
    ("мои встречи", Intent.MEETINGS),
    ("договоры", Intent.AGREEMENTS),
    ("партнёры", Intent.PARTNERS),
    ("план", Intent.PLAN),
    ("задачи", Intent.TASKS),
    ("Музей", None),
    ("ООО Ромашка", None),
    ("Библиотека №3", None),
    # other ways to ask
    ("Что дальше?", Intent.NEXT),
    ("что мне делать", Intent.NEXT),
    ("И что теперь?", Intent.NEXT),
    ("с чего начать", Intent.NEXT),
    ("какой следующий шаг", Intent.NEXT),
    ("дальше", Intent.NEXT),
    ("Добрый день! Подскажите, что делать дальше?", Intent.NEXT),
    ("Помогите!", Intent.HELP),
    ("/help", Intent.HELP),
    ("что ты умеешь?", Intent.HELP),
    ("как пользоваться ботом", Intent.HELP),
    ("не понимаю", Intent.HELP),
    ("справка", Intent.HELP),
    ("Здравствуйте!", Intent.GREETING),
    ("добрый день", Intent.GREETING),
    ("Доброе утро", Intent.GREETING),
    ("здраствуйте", Intent.GREETING),  # the usual misspelling
    ("Привет, бот", Intent.GREETING),
    ("Покажи мои встречи", Intent.MEETINGS),
    ("ближайшие встречи", Intent.MEETINGS),
    ("календарь", Intent.MEETINGS),
    ("мои договоры", Intent.AGREEMENTS),
    ("соглашения", Intent.AGREEMENTS),
    ("договоры и соглашения", Intent.AGREEMENTS),
    ("партнеры", Intent.PARTNERS),
    ("список партнёров", Intent.PARTNERS),
    ("социальные партнёры", Intent.PARTNERS),
    ("мой план", Intent.PLAN),
    ("план на неделю", Intent.PLAN),
    ("план работы", Intent.PLAN),
    ("мои задачи", Intent.TASKS),
    ("что на сегодня", Intent.TASKS),
    ("напоминания", Intent.TASKS),
    ("дела на сегодня", Intent.TASKS),
    # names and sentences stay with the flow
    ("Краеведческий музей", None),
    ("Центр помощи семье", None),  # contains «помощь», is a name
    ("Клуб «Встреча»", None),
    ("«Встреча»", None),  # quotes: a name
    ("Планетарий", None),  # starts like «план»
    ("ДК Юность", None),
    ("МАУК Краеведческий музей", None),
    ("ООО План", None),  # a legal form: a name
    ("Иванова Анна Петровна", None),
    ("Партнёрство Тюмени", None),
    ("Договорились о встрече в пятницу", None),
    ("Завтра в 15:00", None),
    ("Спасибо", None),
    ("Да", None),
    ("Библиотека", None),
    ("Здравствуйте, Музей Словцова", None),
    ("привет привет привет что дальше делать теперь скажи", None),  # too long to be a command
    ("", None),
    ("?!", None),
    ("🙂", None),
]


@pytest.mark.parametrize(("text", "intent"), PHRASES)
def test_detect(text: str, intent: Intent | None) -> None:
    assert detect(text) == intent


def test_table_covers_every_intent() -> None:
    assert len(PHRASES) >= 40
    assert {i for _, i in PHRASES if i is not None} == set(Intent)
