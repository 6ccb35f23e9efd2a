"""The English admin also reads dates as the portal's Bulgarian staff write them (dd.mm.yyyy);
everything else is Django's English formats."""

from django.conf.locale.en import formats as _django_en

DATE_INPUT_FORMATS = ["%d.%m.%Y", *_django_en.DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    *_django_en.DATETIME_INPUT_FORMATS,
]
