"""marshmallow's built-in field messages, listed so gettext extracts and translates them.

errors._flatten passes every field message through gettext; these are the msgids it finds.
"""

from flask_babel import lazy_gettext as _l

BUILTIN = (
    _l("Not a valid integer."),
    _l("Not a valid string."),
    _l("Not a valid boolean."),
    _l("Not a valid number."),
    _l("Not a valid datetime."),
    _l("Not a valid list."),
    _l("Not a valid mapping type."),
    _l("Missing data for required field."),
    _l("Field may not be null."),
    _l("Unknown field."),
    _l("Invalid input type."),
    _l("Invalid value."),
    _l("Length must be between {min} and {max}."),
    _l("Shorter than minimum length {min}."),
    _l("Longer than maximum length {max}."),
    _l("String does not match expected pattern."),
)
