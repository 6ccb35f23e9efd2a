"""Default texts of the messages to requesters, in Bulgarian and English. Staff edit them as
MessageTemplate rows; a missing row falls back to these."""

COMPLAINT_BG = (
    "Имате право да подадете жалба до надзорния орган – {{ authority_name }} "
    "({{ authority_contacts }}), както и да потърсите защита по съдебен ред "
    "(чл. 77–79 от Общия регламент относно защитата на данните)."
)
COMPLAINT_EN = (
    "You have the right to lodge a complaint with the supervisory authority, "
    "{{ authority_name }} ({{ authority_contacts }}), and to seek a judicial remedy "
    "(GDPR Arts 77–79)."
)

TEMPLATES = {
    ("confirmation", "bg"): (
        "Потвърдете имейл адреса си за искане {{ reference }}",
        "Здравейте, {{ name }},\n\n"
        "получихме Вашето искане {{ reference }} до {{ controller }} на {{ received_date }}.\n"
        "Срокът за отговор тече от тази дата.\n\n"
        "Моля, потвърдете имейл адреса си чрез тази връзка (валидна 7 дни, за еднократна "
        "употреба):\n{{ confirm_url }}\n\n"
        "Състоянието на искането следите на Вашата лична страница:\n{{ status_url }}\n",
    ),
    ("confirmation", "en"): (
        "Confirm your email address for request {{ reference }}",
        "Dear {{ name }},\n\n"
        "We received your request {{ reference }} to {{ controller }} on {{ received_date }}.\n"
        "The deadline for the answer runs from that date.\n\n"
        "Please confirm your email address with this link (valid for 7 days, single use):\n"
        "{{ confirm_url }}\n\n"
        "Follow your request on your private status page:\n{{ status_url }}\n",
    ),
    ("acknowledgement", "bg"): (
        "Искане {{ reference }} е получено",
        "Здравейте, {{ name }},\n\n"
        "{{ controller }} получи Вашето искане {{ reference }} ({{ rights }}) на "
        "{{ received_date }}.\n"
        "Отговорът се дължи до {{ due_date }}.\n\n"
        "Лична страница на искането:\n{{ status_url }}\n",
    ),
    ("acknowledgement", "en"): (
        "Request {{ reference }} received",
        "Dear {{ name }},\n\n"
        "{{ controller }} received your request {{ reference }} ({{ rights }}) on "
        "{{ received_date }}.\n"
        "The answer is due by {{ due_date }}.\n\n"
        "Your private status page:\n{{ status_url }}\n",
    ),
    ("info_request", "bg"): (
        "Нужна е информация по искане {{ reference }}",
        "Здравейте, {{ name }},\n\n"
        "за да отговорим на искане {{ reference }}, имаме нужда от следното:\n\n"
        "{{ reasons }}\n\n"
        "Докато очакваме отговора Ви, срокът спира да тече (чл. 12, пар. 6 ОРЗД).\n\n"
        "{{ status_url }}\n",
    ),
    ("info_request", "en"): (
        "Information needed for request {{ reference }}",
        "Dear {{ name }},\n\n"
        "To answer request {{ reference }} we need the following:\n\n"
        "{{ reasons }}\n\n"
        "The deadline is suspended until we receive your answer (GDPR Art. 12(6)).\n\n"
        "{{ status_url }}\n",
    ),
    ("extension", "bg"): (
        "Срокът по искане {{ reference }} е удължен",
        "Здравейте, {{ name }},\n\n"
        "срокът за отговор по искане {{ reference }} е удължен до {{ due_date }} "
        "(чл. 12, пар. 3 ОРЗД) поради следните причини:\n\n{{ reasons }}\n\n"
        "{{ status_url }}\n",
    ),
    ("extension", "en"): (
        "The deadline of request {{ reference }} is extended",
        "Dear {{ name }},\n\n"
        "The deadline for answering request {{ reference }} is extended to {{ due_date }} "
        "(GDPR Art. 12(3)) for these reasons:\n\n{{ reasons }}\n\n"
        "{{ status_url }}\n",
    ),
    ("completed", "bg"): (
        "Отговор по искане {{ reference }}",
        "Здравейте, {{ name }},\n\n"
        "{{ controller }} изпълни Вашето искане {{ reference }}.\n\n{{ reasons }}\n\n"
        "Документите за Вас са на личната Ви страница:\n{{ status_url }}\n\n" + COMPLAINT_BG + "\n",
    ),
    ("completed", "en"): (
        "Answer to request {{ reference }}",
        "Dear {{ name }},\n\n"
        "{{ controller }} has fulfilled your request {{ reference }}.\n\n{{ reasons }}\n\n"
        "Documents for you are on your private page:\n{{ status_url }}\n\n" + COMPLAINT_EN + "\n",
    ),
    ("refused", "bg"): (
        "Отказ по искане {{ reference }}",
        "Здравейте, {{ name }},\n\n"
        "{{ controller }} отказва да предприеме действия по искане {{ reference }} поради "
        "следните причини:\n\n{{ reasons }}\n\n" + COMPLAINT_BG + "\n\n{{ status_url }}\n",
    ),
    ("refused", "en"): (
        "Refusal of request {{ reference }}",
        "Dear {{ name }},\n\n"
        "{{ controller }} will not take action on request {{ reference }} for these "
        "reasons:\n\n{{ reasons }}\n\n" + COMPLAINT_EN + "\n\n{{ status_url }}\n",
    ),
    ("recipients", "bg"): (
        "Получатели на данните Ви по искане {{ reference }}",
        "Здравейте, {{ name }},\n\n"
        "по Ваша молба Ви съобщаваме на кои получатели {{ controller }} съобщи за "
        "коригирането, изтриването или ограничаването на данните Ви по искане {{ reference }} "
        "(чл. 19 ОРЗД):\n\n{{ reasons }}\n\n{{ status_url }}\n\n" + COMPLAINT_BG + "\n",
    ),
    ("recipients", "en"): (
        "Recipients of your data, request {{ reference }}",
        "Dear {{ name }},\n\n"
        "As you asked, these are the recipients {{ controller }} told of the rectification, "
        "erasure or restriction of your data under request {{ reference }} (GDPR Art. 19):"
        "\n\n{{ reasons }}\n\n{{ status_url }}\n\n" + COMPLAINT_EN + "\n",
    ),
}
