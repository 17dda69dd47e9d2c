"""Words of the local terminal chat (outside Telegram)."""

NO_TOKEN = "BOT_TOKEN не задан — запускаю локальный чат в терминале."
INTRO = (
    "Локальный чат с ботом (без Telegram). Пишите сообщения, как в Telegram; "
    "чтобы нажать кнопку, введите её номер. Выход — Ctrl+D."
)
BOT = "🤖 "
EDITED = "🤖 (сообщение обновлено)"
ALERT = "ℹ️ "
FILE = "📎 Файл: "
MENU = "Меню:"
UNCHANGED = "(без изменений — номера кнопок прежние)"
BYE = "До встречи!"
