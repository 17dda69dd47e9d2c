"""Russian grammar of the documents: names typed in any order, the gender, declension of
names, initials, positions, documents and organisations; capitals of places; polite «Вы»."""

from __future__ import annotations

import pytest

from bot.domain.russian import (
    Case,
    Gender,
    PersonName,
    capitalize_place,
    decline_person,
    decline_phrase,
    detect_gender,
    initials_surname,
    parse_person,
    polite_you,
    position_of,
    salutation,
    surname_initials,
)

# (as typed, gender, genitive, dative, instrumental): men, women, double surnames, surnames
# that do not decline (Дурново, Черных, Гёте, Бондаренко, a woman's Шевчук, Кох, Ким)
NAMES: list[tuple[str, str, str, str, str]] = [
    (
        "Иванова Мария Петровна",
        "f",
        "Ивановой Марии Петровны",
        "Ивановой Марии Петровне",
        "Ивановой Марией Петровной",
    ),
    (
        "Иванов Пётр Ильич",
        "m",
        "Иванова Петра Ильича",
        "Иванову Петру Ильичу",
        "Ивановым Петром Ильичом",
    ),
    (
        "Сидорова Анна Петровна",
        "f",
        "Сидоровой Анны Петровны",
        "Сидоровой Анне Петровне",
        "Сидоровой Анной Петровной",
    ),
    (
        "Королев Лев Николаевич",
        "m",
        "Королева Льва Николаевича",
        "Королеву Льву Николаевичу",
        "Королевым Львом Николаевичем",
    ),
    (
        "Шевчук Ольга Ивановна",
        "f",
        "Шевчук Ольги Ивановны",
        "Шевчук Ольге Ивановне",
        "Шевчук Ольгой Ивановной",
    ),
    (
        "Шевчук Иван Иванович",
        "m",
        "Шевчука Ивана Ивановича",
        "Шевчуку Ивану Ивановичу",
        "Шевчуком Иваном Ивановичем",
    ),
    (
        "Римский-Корсаков Николай Андреевич",
        "m",
        "Римского-Корсакова Николая Андреевича",
        "Римскому-Корсакову Николаю Андреевичу",
        "Римским-Корсаковым Николаем Андреевичем",
    ),
    (
        "Петрова-Водкина Анна Сергеевна",
        "f",
        "Петровой-Водкиной Анны Сергеевны",
        "Петровой-Водкиной Анне Сергеевне",
        "Петровой-Водкиной Анной Сергеевной",
    ),
    (
        "Смирнова-Ильина Елена Викторовна",
        "f",
        "Смирновой-Ильиной Елены Викторовны",
        "Смирновой-Ильиной Елене Викторовне",
        "Смирновой-Ильиной Еленой Викторовной",
    ),
    (
        "Салтыков-Щедрин Михаил Евграфович",
        "m",
        "Салтыкова-Щедрина Михаила Евграфовича",
        "Салтыкову-Щедрину Михаилу Евграфовичу",
        "Салтыковым-Щедриным Михаилом Евграфовичем",
    ),
    (
        "Дурново Пётр Николаевич",
        "m",
        "Дурново Петра Николаевича",
        "Дурново Петру Николаевичу",
        "Дурново Петром Николаевичем",
    ),
    (
        "Толстой Лев Николаевич",
        "m",
        "Толстого Льва Николаевича",
        "Толстому Льву Николаевичу",
        "Толстым Львом Николаевичем",
    ),
    (
        "Толстая Софья Андреевна",
        "f",
        "Толстой Софьи Андреевны",
        "Толстой Софье Андреевне",
        "Толстой Софьей Андреевной",
    ),
    (
        "Черных Ирина Олеговна",
        "f",
        "Черных Ирины Олеговны",
        "Черных Ирине Олеговне",
        "Черных Ириной Олеговной",
    ),
    (
        "Долгих Павел Сергеевич",
        "m",
        "Долгих Павла Сергеевича",
        "Долгих Павлу Сергеевичу",
        "Долгих Павлом Сергеевичем",
    ),
    (
        "Гуревич Илья Львович",
        "m",
        "Гуревича Ильи Львовича",
        "Гуревичу Илье Львовичу",
        "Гуревичем Ильёй Львовичем",
    ),
    (
        "Гуревич Ирина Львовна",
        "f",
        "Гуревич Ирины Львовны",
        "Гуревич Ирине Львовне",
        "Гуревич Ириной Львовной",
    ),
    (
        "Кузьмина Любовь Ильинична",
        "f",
        "Кузьминой Любови Ильиничны",
        "Кузьминой Любови Ильиничне",
        "Кузьминой Любовью Ильиничной",
    ),
    (
        "Ким Ирина Сергеевна",
        "f",
        "Ким Ирины Сергеевны",
        "Ким Ирине Сергеевне",
        "Ким Ириной Сергеевной",
    ),
    (
        "Ким Олег Сергеевич",
        "m",
        "Кима Олега Сергеевича",
        "Киму Олегу Сергеевичу",
        "Кимом Олегом Сергеевичем",
    ),
    (
        "Белых Никита Фомич",
        "m",
        "Белых Никиты Фомича",
        "Белых Никите Фомичу",
        "Белых Никитой Фомичом",
    ),
    (
        "Бондаренко Жанна Кузьминична",
        "f",
        "Бондаренко Жанны Кузьминичны",
        "Бондаренко Жанне Кузьминичне",
        "Бондаренко Жанной Кузьминичной",
    ),
    (
        "Мищенко Наталья Николаевна",
        "f",
        "Мищенко Натальи Николаевны",
        "Мищенко Наталье Николаевне",
        "Мищенко Натальей Николаевной",
    ),
    (
        "Руденко Тарас Богданович",
        "m",
        "Руденко Тараса Богдановича",
        "Руденко Тарасу Богдановичу",
        "Руденко Тарасом Богдановичем",
    ),
    (
        "Сова Игорь Павлович",
        "m",
        "Совы Игоря Павловича",
        "Сове Игорю Павловичу",
        "Совой Игорем Павловичем",
    ),
    (
        "Сова Ирина Павловна",
        "f",
        "Совой Ирины Павловны",
        "Совой Ирине Павловне",
        "Совой Ириной Павловной",
    ),
    (
        "Кох Анна Михайловна",
        "f",
        "Кох Анны Михайловны",
        "Кох Анне Михайловне",
        "Кох Анной Михайловной",
    ),
    (
        "Кох Роберт Генрихович",
        "m",
        "Коха Роберта Генриховича",
        "Коху Роберту Генриховичу",
        "Кохом Робертом Генриховичем",
    ),
    (
        "Лебедь Александр Иванович",
        "m",
        "Лебедя Александра Ивановича",
        "Лебедю Александру Ивановичу",
        "Лебедем Александром Ивановичем",
    ),
    (
        "Гарипов Ильдар Ринатович",
        "m",
        "Гарипова Ильдара Ринатовича",
        "Гарипову Ильдару Ринатовичу",
        "Гариповым Ильдаром Ринатовичем",
    ),
    (
        "Гёте Иоганн Вольфгангович",
        "m",
        "Гёте Иоганна Вольфганговича",
        "Гёте Иоганну Вольфганговичу",
        "Гёте Иоганном Вольфганговичем",
    ),
    (
        "Ильина Алла Юрьевна",
        "f",
        "Ильиной Аллы Юрьевны",
        "Ильиной Алле Юрьевне",
        "Ильиной Аллой Юрьевной",
    ),
    (
        "Полевой Сергей Ильич",
        "m",
        "Полевого Сергея Ильича",
        "Полевому Сергею Ильичу",
        "Полевым Сергеем Ильичом",
    ),
    (
        "Мельник Ольга Ивановна",
        "f",
        "Мельник Ольги Ивановны",
        "Мельник Ольге Ивановне",
        "Мельник Ольгой Ивановной",
    ),
    (
        "Чайковский Пётр Ильич",
        "m",
        "Чайковского Петра Ильича",
        "Чайковскому Петру Ильичу",
        "Чайковским Петром Ильичом",
    ),
    (
        "Грин Александр Степанович",
        "m",
        "Грина Александра Степановича",
        "Грину Александру Степановичу",
        "Грином Александром Степановичем",
    ),
    (
        "Вольф Эмма Карловна",
        "f",
        "Вольф Эммы Карловны",
        "Вольф Эмме Карловне",
        "Вольф Эммой Карловной",
    ),
    ("Жук Илья Никитич", "m", "Жука Ильи Никитича", "Жуку Илье Никитичу", "Жуком Ильёй Никитичем"),
    (
        "Кравец Михаил Олегович",
        "m",
        "Кравца Михаила Олеговича",
        "Кравцу Михаилу Олеговичу",
        "Кравцом Михаилом Олеговичем",
    ),
    (
        "Ахмедов Рустам Гусейн оглы",
        "m",
        "Ахмедова Рустама Гусейна оглы",
        "Ахмедову Рустаму Гусейну оглы",
        "Ахмедовым Рустамом Гусейном оглы",
    ),
    (
        "Бойко Дарья Андреевна",
        "f",
        "Бойко Дарьи Андреевны",
        "Бойко Дарье Андреевне",
        "Бойко Дарьей Андреевной",
    ),
    (
        "Карпенко-Карый Иван Карпович",
        "m",
        "Карпенко-Карого Ивана Карповича",
        "Карпенко-Карому Ивану Карповичу",
        "Карпенко-Карым Иваном Карповичем",
    ),
]


def test_the_table_is_large_enough() -> None:
    assert len(NAMES) >= 30
    genders = [gender for _, gender, *_ in NAMES]
    assert genders.count("m") >= 12 and genders.count("f") >= 12
    assert sum("-" in typed.split()[0] for typed, *_ in NAMES) >= 4


@pytest.mark.parametrize(("typed", "gender", "genitive", "dative", "instrumental"), NAMES)
def test_full_names_decline(
    typed: str, gender: str, genitive: str, dative: str, instrumental: str
) -> None:
    person = parse_person(typed)
    assert person is not None
    assert detect_gender(person) == Gender(gender)
    assert decline_person(person, Case.NOMINATIVE) == typed
    assert decline_person(person, Case.GENITIVE) == genitive
    assert decline_person(person, Case.DATIVE) == dative
    assert decline_person(person, Case.INSTRUMENTAL) == instrumental


@pytest.mark.parametrize(
    "typed",
    [
        "Иванова Мария Петровна",
        "мария петровна иванова",
        "  ИВАНОВА   МАРИЯ  ПЕТРОВНА ",
        "Мария Петровна Иванова",
        "Иванова Мария Петровна, директор",
        "Иванова Мария Петровна (директор)",
    ],
)
def test_any_order_and_any_capitals(typed: str) -> None:
    person = parse_person(typed)
    assert person == PersonName(surname="Иванова", first="Мария", patronymic="Петровна")
    assert decline_person(person, Case.GENITIVE) == "Ивановой Марии Петровны"


def test_surnames_that_look_like_patronymics_stay_surnames() -> None:
    assert parse_person("Петрович Иван Сергеевич") == PersonName("Петрович", "Иван", "Сергеевич")
    assert parse_person("Иван Сергеевич Петрович") == PersonName("Петрович", "Иван", "Сергеевич")
    assert parse_person("Гуревич Илья Львович") == PersonName("Гуревич", "Илья", "Львович")


@pytest.mark.parametrize(
    "typed", ["Сидорова А. П.", "Сидорова А.П.", "А. П. Сидорова", "А.П.Сидорова", "сидорова а п"]
)
def test_initials(typed: str) -> None:
    person = parse_person(typed)
    assert person == PersonName(surname="Сидорова", first_initial="А", patronymic_initial="П")
    assert detect_gender(person) is Gender.FEMALE
    assert surname_initials(person, Case.DATIVE) == "Сидоровой А. П."
    assert initials_surname(person) == "А. П. Сидорова"
    assert decline_person(person, Case.GENITIVE) == "Сидоровой А. П."


def test_initials_forms_of_a_full_name() -> None:
    man = parse_person("Петров Иван Сергеевич")
    assert man is not None
    assert surname_initials(man, Case.DATIVE) == "Петрову И. С."
    assert surname_initials(man, Case.GENITIVE) == "Петрова И. С."
    assert initials_surname(man) == "И. С. Петров"
    woman = parse_person("Сидорова Анна Петровна")
    assert woman is not None
    assert surname_initials(woman, Case.DATIVE) == "Сидоровой А. П."
    # a surname that does not decline keeps its form in every case
    black = parse_person("Черных Ирина Олеговна")
    assert black is not None
    assert surname_initials(black, Case.DATIVE) == "Черных И. О."


def test_two_words() -> None:
    assert parse_person("Анна Петровна") == PersonName(first="Анна", patronymic="Петровна")
    assert parse_person("Иванова Анна") == PersonName(surname="Иванова", first="Анна")
    assert parse_person("Анна Иванова") == PersonName(surname="Иванова", first="Анна")
    assert parse_person("Анна") == PersonName(first="Анна")
    assert parse_person("Петров") == PersonName(surname="Петров")


@pytest.mark.parametrize(
    "typed",
    ["", "   ", None, "ООО Ромашка и партнёры навсегда", "Иванов 2", "Иванов & Ко", "А. Б. В."],
)
def test_not_a_name(typed: str | None) -> None:
    assert parse_person(typed) is None


def test_turkic_patronymics() -> None:
    man = parse_person("Ахмедов Рустам Гусейн оглы")
    assert man == PersonName("Ахмедов", "Рустам", "Гусейн оглы")
    assert detect_gender(man) is Gender.MALE
    woman = parse_person("Мамедова Лейла Рашид кызы")
    assert detect_gender(woman) is Gender.FEMALE
    assert salutation(woman) == "Уважаемая Лейла Рашид кызы!"


def test_gender_unknown_is_none() -> None:
    for typed in ("Саша Черных", "Женя Белых", "Черных А. П.", "Черных"):
        assert detect_gender(parse_person(typed)) is None, typed
    assert detect_gender(None) is None
    # the first name settles it when there is no patronymic
    assert detect_gender(parse_person("Анна Черных")) is Gender.FEMALE
    assert detect_gender(parse_person("Никита Белых")) is Gender.MALE
    # the patronymic wins over a first name of either gender
    assert detect_gender(parse_person("Черных Саша Ивановна")) is Gender.FEMALE


def test_salutations() -> None:
    assert salutation(parse_person("Петрова Анна Петровна")) == "Уважаемая Анна Петровна!"
    assert salutation(parse_person("Анна Петровна Петрова")) == "Уважаемая Анна Петровна!"
    assert salutation(parse_person("Иванов Иван Ильич")) == "Уважаемый Иван Ильич!"
    assert salutation(parse_person("Иван Иванов")) == "Уважаемый Иван!"
    assert salutation(parse_person("Сидорова А. П.")) == "Уважаемая госпожа Сидорова!"
    assert salutation(None) == "Уважаемые коллеги!"
    # gender unknown: None (the teacher is asked once), then the answer is used
    sasha = parse_person("Саша Черных")
    assert salutation(sasha) is None
    assert salutation(sasha, Gender.FEMALE) == "Уважаемая Саша!"
    assert decline_person(sasha, Case.GENITIVE, Gender.FEMALE) == "Черных Саши"


@pytest.mark.parametrize(
    ("position", "genitive", "dative"),
    [
        ("директор", "директора", "директору"),
        ("Директор", "Директора", "Директору"),
        (
            "заведующий отделом экскурсий",
            "заведующего отделом экскурсий",
            "заведующему отделом экскурсий",
        ),
        ("заведующая библиотекой", "заведующей библиотекой", "заведующей библиотекой"),
        ("главный специалист", "главного специалиста", "главному специалисту"),
        (
            "исполняющий обязанности директора",
            "исполняющего обязанности директора",
            "исполняющему обязанности директора",
        ),
        ("и. о. директора", "и. о. директора", "и. о. директора"),
        ("педагог-организатор", "педагога-организатора", "педагогу-организатору"),
        (
            "заместитель директора по учебно-воспитательной работе",
            "заместителя директора по учебно-воспитательной работе",
            "заместителю директора по учебно-воспитательной работе",
        ),
        (
            "педагог дополнительного образования",
            "педагога дополнительного образования",
            "педагогу дополнительного образования",
        ),
        ("генеральный директор", "генерального директора", "генеральному директору"),
        (
            "начальник управления образования",
            "начальника управления образования",
            "начальнику управления образования",
        ),
        (
            "художественный руководитель",
            "художественного руководителя",
            "художественному руководителю",
        ),
    ],
)
def test_positions(position: str, genitive: str, dative: str) -> None:
    assert decline_phrase(position, Case.GENITIVE) == genitive
    assert decline_phrase(position, Case.DATIVE) == dative
    assert decline_phrase(position, Case.NOMINATIVE) == position


def test_accusative_of_people_and_things() -> None:
    assert decline_phrase("заведующий отделом", Case.ACCUSATIVE) == "заведующего отделом"
    assert decline_phrase("главный специалист", Case.ACCUSATIVE) == "главного специалиста"
    assert decline_phrase("заведующая библиотекой", Case.ACCUSATIVE) == "заведующую библиотекой"
    assert decline_phrase("муниципальное учреждение", Case.ACCUSATIVE) == "муниципальное учреждение"


def test_position_in_running_text_is_lower_case() -> None:
    assert position_of("Директор", Case.GENITIVE) == "директора"
    assert position_of("Заведующий отделом", Case.DATIVE) == "заведующему отделом"


@pytest.mark.parametrize(
    ("basis", "genitive"),
    [
        ("Устав", "Устава"),
        ("доверенность № 12 от 01.02.2026", "доверенности № 12 от 01.02.2026"),
        ("Положение о филиале", "Положения о филиале"),
    ],
)
def test_documents_a_director_acts_on(basis: str, genitive: str) -> None:
    assert decline_phrase(basis, Case.GENITIVE) == genitive


def test_organisation_names() -> None:
    full = (
        "Муниципальное автономное учреждение дополнительного образования «Дом детского творчества»"
    )
    assert decline_phrase(full, Case.GENITIVE) == (
        "Муниципального автономного учреждения дополнительного образования "
        "«Дом детского творчества»"
    )
    short = "ГАУК ТО «Тюменское музейно-просветительское объединение»"
    assert decline_phrase(short, Case.DATIVE) == short


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("тюмень", "Тюмень"),
        ("Тюмень", "Тюмень"),
        ("г. тюмень", "г. Тюмень"),
        ("г.тюмень", "г. Тюмень"),
        ("Г. ТЮМЕНЬ", "г. Тюмень"),
        ("ханты-мансийск", "Ханты-Мансийск"),
        ("ростов-на-дону", "Ростов-на-Дону"),
        ("усть-илимск", "Усть-Илимск"),
        ("с. большое сорокино", "с. Большое Сорокино"),
        ("р.п. голышманово", "р.п. Голышманово"),
        ("тюменская область", "Тюменская область"),
        ("ХМАО", "ХМАО"),
    ],
)
def test_places(typed: str, expected: str) -> None:
    assert capitalize_place(typed) == expected


def test_polite_you() -> None:
    text = (
        "Приглашаем вас на фестиваль «Мы и вы». Ваши ученики и ваш коллектив; "
        "выставка, вывеска. Вы знаете: вам понравится, с вами интересно."
    )
    assert polite_you(text) == (
        "Приглашаем Вас на фестиваль «Мы и вы». Ваши ученики и Ваш коллектив; "
        "выставка, вывеска. Вы знаете: Вам понравится, с Вами интересно."
    )
    assert polite_you("") == ""
