"""Button labels and command descriptions (Russian)."""

from __future__ import annotations

# Main menu (reply keyboard)
MENU_ADD = "➕ Добавить партнёра"
MENU_PARTNERS = "📋 Партнёры"
MENU_NEXT = "🧭 Следующий шаг"
MENU_PLAN = "🗺 План"
MENU_MEETINGS = "📅 Встречи"
MENU_TASKS = "📌 Задачи"
MENU_AGREEMENTS = "📄 Договоры"
MENU_ABOUT = "📖 О методике"
MENU_SETTINGS = "⚙️ Настройки"

MENU_LABELS = frozenset(
    {
        MENU_ADD,
        MENU_PARTNERS,
        MENU_NEXT,
        MENU_PLAN,
        MENU_MEETINGS,
        MENU_TASKS,
        MENU_AGREEMENTS,
        MENU_ABOUT,
        MENU_SETTINGS,
    }
)

CANCEL = "✖️ Отмена"
SKIP = "⏭ Пропустить"
BACK = "◀️ Назад"
NEXT = "Далее ▶️"
PREV = "◀️"
FORWARD = "▶️"
DONE = "✅ Готово"
YES = "✅ Да"
NO = "Нет"
CONSENT = "✅ Согласен(на)"
TZ_OTHER = "🌍 Другой часовой пояс"
SHARE_CONTACT = "📱 Отправить контакт"

SETTINGS_NAME = "👤 Имя"
SETTINGS_POSITION = "💼 Должность"
SETTINGS_TZ = "🕰 Часовой пояс"
SETTINGS_INVITE = "👥 Пригласить коллегу"

ABOUT_PAGES: dict[str, str] = {
    "idea": "💡 Что такое партнёрство",
    "principles": "⚖️ Принципы",
    "stage1": "I этап",
    "stage2": "II этап",
    "stage3": "III этап",
    "steps": "👣 5 шагов",
    "statuses": "🔄 Статусы партнёра",
    "model": "🧩 Модель партнёрства",
    "directions": "🧭 Направления",
    "results": "🏆 Результаты",
    "contacts": "📞 Контакты РМЦ",
}

COMMANDS: dict[str, str] = {
    "start": "Начать / главное меню",
    "next": "Мой следующий шаг",
    "add": "Добавить партнёра",
    "partners": "Список партнёров и поиск",
    "meet": "Запланировать встречу с партнёром",
    "meetings": "Встречи: предстоящие и прошедшие",
    "tasks": "Задачи: что сделать и когда",
    "agreements": "Договоры о сотрудничестве",
    "plan": "План по методике: 3 этапа",
    "events": "План совместных мероприятий",
    "programs": "Образовательные программы",
    "results": "Результаты партнёрства",
    "report": "Отчёт для директора (.docx и .xlsx)",
    "export": "Выгрузить базу партнёров в Excel",
    "import": "Загрузить партнёров из таблицы",
    "about": "О методике социального партнёрства",
    "settings": "Настройки",
    "help": "Что умеет бот",
    "cancel": "Отменить текущее действие",
}

# Time zones offered in onboarding and settings: label -> IANA name.
TIMEZONES: dict[str, str] = {
    "Калининград (UTC+2)": "Europe/Kaliningrad",
    "Москва (UTC+3)": "Europe/Moscow",
    "Самара (UTC+4)": "Europe/Samara",
    "Тюмень, Екатеринбург (UTC+5)": "Asia/Yekaterinburg",
    "Омск (UTC+6)": "Asia/Omsk",
    "Новосибирск, Красноярск (UTC+7)": "Asia/Krasnoyarsk",
    "Иркутск (UTC+8)": "Asia/Irkutsk",
    "Якутск (UTC+9)": "Asia/Yakutsk",
    "Владивосток (UTC+10)": "Asia/Vladivostok",
    "Магадан (UTC+11)": "Asia/Magadan",
    "Камчатка (UTC+12)": "Asia/Kamchatka",
}


def timezone_label(name: str) -> str:
    for label, tz in TIMEZONES.items():
        if tz == name:
            return label
    return name
