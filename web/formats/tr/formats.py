"""Turkish date formats as Kosovo's Turkish community writes them: 5 Aralık 2026, 17:30.

Django's own Turkish formats write a leading zero before a month name ("05 Aralık 2026"),
no comma before the time, and a short date with an abbreviated month ("05 Ara 2026");
dates typed in the admin are accepted as 05.12.2026 as well as Django's 05/12/2026.
Pages show dates only in DATE_FORMAT and DATETIME_FORMAT.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Pazartesi

# The first input format is also how the admin shows a date in its field.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
