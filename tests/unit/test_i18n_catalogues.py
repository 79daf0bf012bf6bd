"""Every message a person reads is translated in all three catalogues, for the backend and the PWA."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from tongban.core.i18n import LOCALES, normalise

I18N = Path(__file__).resolve().parents[2] / "i18n"
DOMAINS = ("messages", "pwa")


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete(locale, domain):
    template = read_po((I18N / f"{domain}.pot").open("rb"))
    catalogue = read_po((I18N / locale / "LC_MESSAGES" / f"{domain}.po").open("rb"), locale=None)
    ids = {m.id for m in template if m.id}
    missing = sorted(str(i) for i in ids if not catalogue.get(i) or not catalogue.get(i).string)
    fuzzy = sorted(str(m.id) for m in catalogue if m.id and m.fuzzy)
    assert not missing, f"{locale}/{domain}: untranslated {missing[:10]} ({len(missing)} in all)"
    assert not fuzzy, f"{locale}/{domain}: fuzzy {fuzzy[:10]}"
    assert len(ids) > 5


@pytest.mark.parametrize(("tag", "expected"), [
    ("zh-CN", "zh_Hans"), ("zh", "zh_Hans"), ("zh-Hans-CN", "zh_Hans"), ("zh-TW", "zh_Hant"),
    ("zh-HK", "zh_Hant"), ("zh-Hant", "zh_Hant"), ("en-GB", "en"), ("fr", None), ("", None),
])
def test_browser_tags_map_to_our_catalogues(tag, expected):
    assert normalise(tag) == expected
