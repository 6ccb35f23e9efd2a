"""What Django's Bulgarian formats leave out (its own module has dates but no date with a time):
without these, the admin shows the American "Ноем. 22, 2026, 12:34 преди обяд". Django reads
this module first and its own for everything not named here."""

DATETIME_FORMAT = "d F Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed as Bulgarians write them (dd.mm.yyyy) in every date field of the admin and the forms;
# ISO dates still parse, for the browser's own date pickers.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
