"""The portal's own operator as a controller on the portal (a demo identity, ЕИК 000000000).

Its retention rules name the portal's own records (`applies_to`): `manage.py apply_retention`
enforces them.
"""

CONTROLLER = {
    "slug": "portal",
    "legal_name": "Портал за защита на личните данни (демонстрационен оператор)",
    "short_name": "Операторът на портала",
    "eik": "000000000",
    "legal_form": "демонстрационен оператор",
    "representative": "Иван Примеров",
    "registered_address": "гр. София 1000, ул. „Примерна“ № 1",
    "correspondence_address": "",
    "email": "privacy@portal.example.com",
    "phone": "",
    "website": "",
    "promised_response_days": None,
    "promised_response_text": "",
    "dpo": {
        "kind": "person",
        "name": "Мария Примерова",
        "organisation_eik": "",
        "contact_person": "",
        "email": "dpo@portal.example.com",
        "phone": "",
        "postal_address": "",
    },
    "recipients": [
        {
            "key": "controllers",
            "name": "Администраторите, до които са отправени исканията",
            "identifier": "",
            "country": "BG",
            "role": "recipient",
            "description": "Получават исканията, отправени до тях, и отговарят по тях.",
            "contract_reference": "",
            "contract_date": None,
        }
    ],
    "retention_rules": [
        {
            "key": "closed",
            "name": "Приключени искания на субекти на данни",
            "years": 5,
            "months": None,
            "days": None,
            "criterion": "",
            "start_event": "other",
            "start_event_note": "приключване на искането",
            "counting": "from_event",
            "legal_reference": (
                "чл. 110 от Закона за задълженията и договорите (общ давностен срок)"
            ),
            "action": "anonymise",
            "consent_may_extend": False,
            "notes": "Номерът, датите, правата и резултатът се пазят за статистика.",
            "applies_to": "closed_requests",
        },
        {
            "key": "unconfirmed",
            "name": "Искания, чийто имейл адрес никога не е потвърден",
            "years": None,
            "months": None,
            "days": 30,
            "criterion": "",
            "start_event": "collection",
            "start_event_note": "",
            "counting": "from_event",
            "legal_reference": "чл. 5, пар. 1, буква „д“ ОРЗД",
            "action": "erase",
            "consent_may_extend": False,
            "notes": "Само искания, по които администраторът не е предприел действия.",
            "applies_to": "unconfirmed_requests",
        },
        {
            "key": "documents",
            "name": "Документи, предоставени на заявителите",
            "years": None,
            "months": None,
            "days": 1,
            "criterion": "",
            "start_event": "other",
            "start_event_note": "изтичане на срока за изтегляне (30 дни)",
            "counting": "from_event",
            "legal_reference": "чл. 5, пар. 1, буква „д“ ОРЗД",
            "action": "erase",
            "consent_may_extend": False,
            "notes": "",
            "applies_to": "released_documents",
        },
        {
            "key": "subscriptions",
            "name": "Непотвърдени абонаменти за нови версии на политики",
            "years": None,
            "months": None,
            "days": 7,
            "criterion": "",
            "start_event": "collection",
            "start_event_note": "",
            "counting": "from_event",
            "legal_reference": "чл. 5, пар. 1, буква „д“ ОРЗД",
            "action": "erase",
            "consent_may_extend": False,
            "notes": "Потвърдените абонаменти се изтриват при отписване.",
            "applies_to": "unconfirmed_subscriptions",
        },
        {
            "key": "mail_log",
            "name": "Дневник на изпратените съобщения",
            "years": None,
            "months": None,
            "days": 90,
            "criterion": "",
            "start_event": "recording",
            "start_event_note": "",
            "counting": "from_event",
            "legal_reference": "чл. 32 ОРЗД (доказване на изпращането)",
            "action": "erase",
            "consent_may_extend": False,
            "notes": "",
            "applies_to": "mail_log",
        },
        {
            "key": "counters",
            "name": "Броячи срещу злоупотреби (хеширани IP и имейл адреси)",
            "years": None,
            "months": None,
            "days": 2,
            "criterion": "",
            "start_event": "recording",
            "start_event_note": "",
            "counting": "from_event",
            "legal_reference": "чл. 32 ОРЗД",
            "action": "erase",
            "consent_may_extend": False,
            "notes": "",
            "applies_to": "rate_limit_counters",
        },
    ],
    "purposes": [
        {
            "name": "Приемане и проследяване на искания на субекти на данни",
            "description": (
                "Порталът приема исканията, изпраща ги на администратора, до когото са "
                "отправени, пази доказателства за сроковете и показва състоянието им на заявителя."
            ),
            "data_subjects": ["Заявители", "Представлявани от тях лица"],
            "data_categories": [
                ["Име, имейл, телефон и адрес", "ordinary"],
                ["ЕГН или ЛНЧ (по избор)", "ordinary"],
                ["Съдържание на искането и приложените документи", "ordinary"],
            ],
            "legal_bases": [
                [
                    "f",
                    "Надежден канал за упражняване на правата по ОРЗД и доказателства за "
                    "спазването на сроковете.",
                ]
            ],
            "art9_condition": "",
            "art9_note": "",
            "sources": ["data_subject"],
            "sources_note": "",
            "recipients": ["controllers"],
            "transfers": [],
            "automated_decision": False,
            "automated_decision_explanation": "",
            "retention_rule": "closed",
        },
        {
            "name": "Уведомления за нови версии на политики",
            "description": "Имейл при публикуване на нова версия на избрана политика.",
            "data_subjects": ["Абонати"],
            "data_categories": [["Имейл адрес", "ordinary"]],
            "legal_bases": [
                ["a", "Оттегля се по всяко време с връзката за отписване във всяко съобщение."]
            ],
            "art9_condition": "",
            "art9_note": "",
            "sources": ["data_subject"],
            "sources_note": "",
            "recipients": [],
            "transfers": [],
            "automated_decision": False,
            "automated_decision_explanation": "",
            "retention_rule": "subscriptions",
        },
        {
            "name": "Защита на портала от злоупотреби",
            "description": "Ограничаване на броя изпращания от една връзка или за един имейл.",
            "data_subjects": ["Посетители, изпращащи формуляри"],
            "data_categories": [["Хеширан IP адрес и имейл адрес", "ordinary"]],
            "legal_bases": [["f", "Сигурност и достъпност на услугата (чл. 32 ОРЗД)."]],
            "art9_condition": "",
            "art9_note": "",
            "sources": ["data_subject"],
            "sources_note": "",
            "recipients": [],
            "transfers": [],
            "automated_decision": False,
            "automated_decision_explanation": "",
            "retention_rule": "counters",
        },
    ],
    "policy_sections": [
        {
            "title": "Бисквитки",
            "body": (
                "Порталът използва само строго необходими бисквитки: сесия за служителите и "
                "защита срещу подправени заявки (CSRF) при изпращане на формуляр. Не използва "
                "бисквитки за анализ или реклама и не зарежда нищо от трети страни."
            ),
        },
        {
            "title": "Промени в политиката",
            "body": (
                "Всяка промяна се публикува като нова версия с дата и обобщение; абонатите "
                "получават уведомление по имейл."
            ),
        },
    ],
    "policy": {
        "title": "Политика за поверителност на портала",
        "effective_date": None,
        "last_updated": None,
    },
}
