"""The method of the Tyumen Regional Model Centre as data: labels, stages, steps.

Facts come from the method (shared seed); the wording is ours. Every Russian word the
user sees about the method lives here or in the templates.
"""

from __future__ import annotations

from storage.enums import Direction, FocusArea, PartnerCategory, PartnerSource, PartnerStatus

CATEGORY_LABELS: dict[str, str] = {
    PartnerCategory.STATE: "Органы государственной власти",
    PartnerCategory.MUNICIPAL: "Местное самоуправление",
    PartnerCategory.BUSINESS: "Бизнес и работодатели",
    PartnerCategory.NONPROFIT: "Некоммерческие организации",
    PartnerCategory.EDUCATION: "Учреждения образования (школы, колледжи, вузы)",
    PartnerCategory.INSTITUTION: (
        "Учреждения других ведомств (культура, наука, спорт, здравоохранение)"
    ),
    PartnerCategory.PARENTS: "Родители",
    PartnerCategory.GRADUATES: "Выпускники и интересные люди",
}

CATEGORY_SHORT: dict[str, str] = {
    PartnerCategory.STATE: "🏛 Госвласть",
    PartnerCategory.MUNICIPAL: "🏢 Местное самоуправление",
    PartnerCategory.BUSINESS: "🏭 Бизнес, работодатели",
    PartnerCategory.NONPROFIT: "🤝 НКО",
    PartnerCategory.EDUCATION: "🏫 Образование (школы, колледжи, вузы)",
    PartnerCategory.INSTITUTION: "🎭 Культура, наука, спорт, здоровье",
    PartnerCategory.PARENTS: "👪 Родители",
    PartnerCategory.GRADUATES: "🎓 Выпускники, интересные люди",
}

SOURCE_LABELS: dict[str, str] = {
    PartnerSource.NEARBY: "📍 Рядом, на территории",
    PartnerSource.PARENT_WORK: "👪 Место работы родителей",
    PartnerSource.GRADUATE: "🎓 Выпускник",
    PartnerSource.OTHER: "✳️ Другое",
}

DIRECTION_LABELS: dict[str, str] = {
    Direction.CONTENT: "Обновление содержания дополнительных общеобразовательных программ",
    Direction.METHODICAL: (
        "Организационно-методическое сопровождение педагогов, вовлечение в реальные проекты"
    ),
    Direction.EVENTS: "Привлечение представителей партнёров к мероприятиям, наставничество",
    Direction.CAREER: "Профориентационная деятельность",
    Direction.TRAINING: "Обучающие мероприятия для педагогов на базе партнёров",
    Direction.EQUIPMENT: "Развитие материально-технического оснащения",
}

DIRECTION_SHORT: dict[str, str] = {
    Direction.CONTENT: "📚 Содержание программ",
    Direction.METHODICAL: "🧩 Методическое сопровождение",
    Direction.EVENTS: "🎤 Мероприятия, наставничество",
    Direction.CAREER: "🧭 Профориентация",
    Direction.TRAINING: "🎓 Обучение педагогов",
    Direction.EQUIPMENT: "🛠 Оснащение",
}

STATUS_LABELS: dict[str, str] = {
    PartnerStatus.POTENTIAL: "Потенциальный",
    PartnerStatus.OFFER_READY: "Предложение готово",
    PartnerStatus.MEETING_PLANNED: "Встреча запланирована",
    PartnerStatus.NEGOTIATING: "Переговоры",
    PartnerStatus.AGREEMENT_SIGNED: "Договор подписан",
    PartnerStatus.ACTIVE: "Активный партнёр",
    PartnerStatus.PAUSED: "На паузе",
    PartnerStatus.DECLINED: "Отказ",
}

STATUS_ICONS: dict[str, str] = {
    PartnerStatus.POTENTIAL: "⚪️",
    PartnerStatus.OFFER_READY: "📝",
    PartnerStatus.MEETING_PLANNED: "📅",
    PartnerStatus.NEGOTIATING: "💬",
    PartnerStatus.AGREEMENT_SIGNED: "✍️",
    PartnerStatus.ACTIVE: "🟢",
    PartnerStatus.PAUSED: "⏸",
    PartnerStatus.DECLINED: "⛔️",
}

STAGE_ONE_QUESTIONS: tuple[str, ...] = (
    "Что следует понимать под системой социального партнёрства?",
    "Какие проблемы организации можно решить через развитие системы социального партнёрства?",
    "Кто может стать основным партнёром?",
    "Что образовательная организация может дать своим реальным и потенциальным партнёрам?",
)

# The algorithm: three stages, each with its aim and its expected items.
STAGES: tuple[dict[str, object], ...] = (
    {
        "title": "I. Подготовительный этап",
        "aim": "Определить круг задач, которые предстоит решать коллективу.",
        "items": (
            "Коллектив ответил на четыре вопроса этапа",
            "Коллектив нацелен на развитие социального партнёрства",
            "Есть база данных потенциальных партнёров по категориям и формам сотрудничества",
            "Есть база данных существующих образовательных программ",
        ),
    },
    {
        "title": "II. Организационный этап",
        "aim": (
            "Установить устойчивые связи с партнёрами. К каждому визиту к партнёру "
            "нужна тщательная подготовка."
        ),
        "items": (
            "Подготовлены договоры о сотрудничестве",
            "Отработана технология взаимодействия с разными категориями партнёров",
            "Созданы элементы будущей системы социального партнёрства",
            "Определены формы партнёрства и круг партнёров по модели партнёрства",
        ),
    },
    {
        "title": "III. Системообразующий этап",
        "aim": (
            "Объединить элементы в систему: взаимодействие с партнёрами становится "
            "устойчивым, а поддержка контактов — обязанностью сотрудников."
        ),
        "items": (
            "Разработаны должностные инструкции специалистов по работе с партнёрами",
            "В план работы организации включены мероприятия с партнёрами",
            "Есть типовые документы: договоры, положения о программах, УМК и других ресурсах",
            "Есть пакет экспертных оценок и определены направления дальнейшей совместной работы",
        ),
    },
)

STEPS: tuple[str, ...] = (
    "Посмотрите, какие организации и интересные люди есть рядом, на вашей территории. "
    "Используйте сведения о местах работы родителей и выпускников.",
    "Составьте список потенциальных партнёров.",
    "Подумайте и запишите, что вы можете предложить каждому партнёру и что хотели бы "
    "попросить взамен.",
    "Спланируйте и проведите встречу с потенциальным партнёром: расскажите, что можете "
    "сделать для него и чего ждёте от него. Предложите дружбу и партнёрство.",
    "Сядьте за стол переговоров.",
)

# The facts that move a partner's status (bot/domain/statuses.py Fact), as /about words them.
FACT_LABELS: dict[str, str] = {
    "offer_written": "Записали, что предлагаете партнёру и о чём просите взамен",
    "meeting_planned": "Запланировали встречу",
    "meeting_cancelled": "Отменили последнюю запланированную встречу",
    "meeting_held": "Встреча прошла, её итоги записаны",
    "meeting_declined": "Итог встречи: партнёр отказался",
    "meeting_working": "Итог встречи: «работаем» — вы уже сотрудничаете",
    "agreement_signed": "Зарегистрировали подписанный договор (или продлили его)",
    "event_held": "Провели совместное мероприятие по действующему договору",
    "agreement_ended": "Закончился последний действующий договор",
    "by_hand_declined": "Отметили отказ в карточке (с причиной)",
    "by_hand_paused": "Поставили партнёрство на паузу в карточке (с причиной)",
}
# The status a cancelled meeting takes the partner back to (statuses.BACK).
STATUS_BACK = "«Предложение готово», если предложение и просьба записаны, иначе «Потенциальный»"

# The six focus areas of supplementary general education programmes (storage.enums.FocusArea).
FOCUS_AREA_LABELS: dict[str, str] = {
    FocusArea.TECHNICAL: "Техническая",
    FocusArea.SCIENCE: "Естественнонаучная",
    FocusArea.SPORTS: "Физкультурно-спортивная",
    FocusArea.ARTS: "Художественная",
    FocusArea.TOURISM: "Туристско-краеведческая",
    FocusArea.SOCIAL: "Социально-гуманитарная",
}
FOCUS_AREA_BUTTONS: dict[str, str] = {
    FocusArea.TECHNICAL: "⚙️ Техническая",
    FocusArea.SCIENCE: "🔬 Естественнонаучная",
    FocusArea.SPORTS: "⚽️ Физкультурно-спортивная",
    FocusArea.ARTS: "🎨 Художественная",
    FocusArea.TOURISM: "🧭 Туристско-краеведческая",
    FocusArea.SOCIAL: "🤝 Социально-гуманитарная",
}
FOCUS_LATER = "🕓 Позже"
