"""Albanian date and time formats as used in Kosovo: 2 tetor 2025 on pages, 10.05.2025 when typed.

Django's own Albanian formats show times as "10 a.m.", write a leading zero before a
month name ("02 Tetor") and accept dates only as 2025-05-10; staff type dates the way
the municipality writes them. ISO dates are still accepted (Django adds them to every
language's input formats). Month names are lower case through locale/sq (Django's
catalog capitalises them). Pages show dates only in DATE_FORMAT and DATETIME_FORMAT.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first input format is also how the admin shows a date in its field.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
