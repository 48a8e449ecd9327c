"""Photo credits: the agency or photographer named at the end of a caption.

Captions in this layout usually end with a credit in parentheses, ``... (AP)``; the
site also uses ``... Photo: Name Surname/dpa`` (or ``(Photo: Name)``), ``... EPA/NAME
SURNAME``, an agency's name after the caption's last full stop (``... the minister.
Asharq Al-Awsat``) and, in stray scrapes, ``(AFP).`` or ``- SPA``. A parenthesis that
only says where a person stands in the picture, ``(left)`` or ``(Right)``, is not a
credit, and neither is one before the end of the caption (``(IMF)``).
"""

from __future__ import annotations

import functools
import re

__all__ = ["find_credit"]

# The agencies and outlets whose bare name, after a caption's last sentence, is its credit:
# a bare word there is otherwise the caption's own ("... the minister. He said so").
_OUTLETS = (
    r"(?:Asharq Al-Awsat|AFP|AP|Reuters|REUTERS|EPA|SPA|WAM|KUNA|dpa|Anadolu|Xinhua"
    r"|Getty Images)(?: via Getty Images)?"
)

# Tried in order on the caption with trailing white space removed; the first match wins.
_CREDIT_FORMS: tuple[str, ...] = (
    # "... (AFP via Getty Images)" and the stray "... (AFP)."
    r"\((?P<credit>[^()\n]{1,60})\)\.?$",
    # "... Photo: Ameer Al-Mohammedawi/dpa"
    r"\bPhoto:\s*(?P<credit>[^\n]{1,60})$",
    # "... EPA/NAME SURNAME", "... REUTERS/Name/File Photo"
    r"(?:^|\s)(?P<credit>(?:EPA|REUTERS|Reuters|AFP|AP|SPA|WAM|KUNA)(?:/[^/\n]+)+)$",
    # "... - SPA", "... - Asharq Al-Awsat"
    rf"\s[-\u2013\u2014]\s(?P<credit>[A-Z]{{2,6}}|{_OUTLETS})$",
    # "... the minister. Asharq Al-Awsat"
    rf"[.!?\u2026][\"'\u201d\u2019)]?\s+(?P<credit>{_OUTLETS})$",
)
# "(Photo: Dalati & Nohra)" credits "Dalati & Nohra", as "Photo: Dalati & Nohra" does.
_PHOTO = re.compile(r"Photo:\s*")

# Where someone stands in the picture: "(left)", "(second from right)", "(L)", "(L-R)".
_POSITION = re.compile(
    r"(?:(?:far|second|third|fourth)\s+)?(?:from\s+)?(?:left|right|centre|center|top|bottom)"
    r"|[LRC]|L-R|R-L|L to R|R to L",
    re.IGNORECASE,
)


@functools.cache
def _form(number: int) -> re.Pattern[str]:
    # Compiled when first tried: most captions end in "(AGENCY)", and a hook's process
    # checking one file then compiles one form, not five.
    return re.compile(_CREDIT_FORMS[number])


def find_credit(caption: str) -> str | None:
    """Return the photo credit a caption ends with, or None when it names none.

    >>> find_credit("Iraqi Foreign Minister Fuad Hussein (AP)")
    'AP'
    >>> find_credit("Saddam Hussein (Right)") is None
    True
    """
    text = caption.rstrip()
    for number in range(len(_CREDIT_FORMS)):
        match = _form(number).search(text)
        if match is None:
            continue
        credit = _PHOTO.sub("", match["credit"].strip(), count=1)
        if _POSITION.fullmatch(credit):
            return None
        return credit or None
    return None
