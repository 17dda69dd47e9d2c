"""Words of the generated documents (bot.domain.paperwork, russian, requisites,
template_safety): salutations, field labels, error messages, clauses of the agreement,
the letter, and the stage III documents of the method."""

from __future__ import annotations

# ------------------------------------------------------------------ salutations
SALUTATION_FEMALE = "Уважаемая {name}!"
SALUTATION_MALE = "Уважаемый {name}!"
SALUTATION_FEMALE_SURNAME = "Уважаемая госпожа {name}!"
SALUTATION_MALE_SURNAME = "Уважаемый господин {name}!"
SALUTATION_COLLEAGUES = "Уважаемые коллеги!"

# ------------------------------------------------------------------ requisites
DEFAULT_BASIS = "Устав"

REQUISITE_LABELS: dict[str, str] = {
    "full_name": "Полное наименование",
    "short_name": "Сокращённое наименование",
    "legal_form": "Организационно-правовая форма",
    "director_name": "ФИО руководителя",
    "director_position": "Должность руководителя",
    "director_basis": "Документ, на основании которого действует руководитель",
    "legal_address": "Юридический адрес",
    "postal_address": "Почтовый адрес",
    "inn": "ИНН",
    "kpp": "КПП",
    "ogrn": "ОГРН (ОГРНИП)",
    "phone": "Телефон",
    "email": "Электронная почта",
    "website": "Сайт",
    "bank_name": "Банк",
    "bik": "БИК",
    "account": "Расчётный (казначейский) счёт",
    "corr_account": "Корреспондентский счёт",
}

REQUISITE_ERRORS: dict[str, str] = {
    "inn_digits": "ИНН состоит только из цифр.",
    "inn_length": "В ИНН 10 цифр у организации и 12 у индивидуального предпринимателя.",
    "inn_checksum": "ИНН не проходит проверку контрольных цифр: проверьте, нет ли опечатки.",
    "ogrn_digits": "ОГРН состоит только из цифр.",
    "ogrn_length": "В ОГРН 13 цифр, в ОГРНИП — 15.",
    "ogrn_checksum": "ОГРН не проходит проверку контрольной цифры: проверьте, нет ли опечатки.",
    "ogrn_kind": (
        "ИНН и ОГРН относятся к разным видам лиц: у организации ИНН из 10 цифр и ОГРН "
        "из 13, у предпринимателя — 12 и 15."
    ),
    "kpp_format": "КПП — 9 знаков: например, 720301001.",
    "kpp_entrepreneur": "У индивидуального предпринимателя нет КПП.",
    "bik_format": "БИК — 9 цифр.",
    "account_format": "Номер счёта — 20 цифр.",
    "account_needs_bik": "Сначала укажите БИК банка: по нему проверяется номер счёта.",
    "account_key": "Номер счёта не сходится с БИК: проверьте обе цифры.",
    "corr_account_key": "Корреспондентский счёт не сходится с БИК: проверьте обе цифры.",
    "phone": "Не похоже на номер телефона. Пример: +7 (3452) 63-81-24.",
    "email": "Не похоже на адрес электронной почты.",
    "website": "Не похоже на адрес сайта. Пример: ddt72.ru.",
    "too_long": "Слишком длинно: не больше 500 знаков.",
    "unknown_field": "Такого реквизита нет.",
}
MISSING_INTRO = "В документе останутся пустые строки для этих сведений:"

# ------------------------------------------------------------------ custom templates
# bot.domain.template_safety.Problem.code → what the teacher reads; {detail} is the piece
# of the template or the placeholder the problem is about
TEMPLATE_PROBLEMS: dict[str, str] = {
    "too_big": "Файл больше 5 МБ.",
    "not_docx": "Это не документ Word (.docx).",
    "too_many_parts": "В файле слишком много частей — так документы Word не выглядят.",
    "part_too_big": "Внутри файла слишком большая часть: {detail}.",
    "unpacked_too_big": "В распакованном виде файл больше 20 МБ.",
    "ratio": "Файл сжат подозрительно сильно ({detail}): такой файл не принимаем.",
    "encrypted": "Файл защищён паролем.",
    "compression": "Файл сжат необычным способом: пересохраните его в Word.",
    "bad_name": "Внутри файла есть части с недопустимыми именами.",
    "doctype": "В файле есть объявления DOCTYPE/ENTITY: пересохраните его в Word.",
    "bad_xml": "Файл повреждён: Word или LibreOffice не смогли бы его открыть.",
    "statement": (
        "В шаблоне можно использовать только поля вида {{{{ имя_поля }}}}; "
        "команды {{% … %}} не допускаются: {detail}"
    ),
    "rich_tag": "Особые поля docxtpl ({{{{r …}}}}, {{%p …%}}, {{%tr …%}}) не допускаются: {detail}",
    "expression": (
        "В поле должно быть только имя из списка — без вычислений, фильтров и вызовов: {detail}"
    ),
    "syntax": "Поле не закрыто или записано с ошибкой: {detail}",
    "unknown": "Неизвестное поле: {{{{ {detail} }}}}",
    "missing": "Нет обязательного поля: {{{{ {detail} }}}}",
    "render": "Документ по шаблону не собрался: проверьте шаблон в Word.",
    "timeout": "Шаблон обрабатывался слишком долго — такой шаблон не принимаем.",
    "memory": "Шаблону не хватило памяти — такой шаблон не принимаем.",
    "worker": "Не удалось обработать шаблон. Попробуйте ещё раз.",
}


def template_problem(code: str, detail: str = "") -> str:
    """One problem as the chat shows it."""
    return TEMPLATE_PROBLEMS.get(code, TEMPLATE_PROBLEMS["worker"]).format(detail=detail)
