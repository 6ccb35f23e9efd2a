"""What Django's Bulgarian formats leave out (its own module has dates but no date with a time):
without these, the admin shows the American "Ноем. 22, 2026, 12:34 преди обяд". Django reads
this module first and its own for everything not named here."""

DATETIME_FORMAT = "d F Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
