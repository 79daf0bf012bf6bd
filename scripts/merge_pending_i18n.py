"""Merge i18n/pending/*.tsv into the .po files (msgid, zh_Hans, zh_Hant, en)."""
import csv
import glob
import sys

from babel.messages.pofile import read_po, write_po

LANGS = ["zh_Hans", "zh_Hant", "en"]
entries = {}
for path in sorted(glob.glob("i18n/pending/*.tsv")):
    with open(path, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 4 or not row[0]:
                continue
            entries[row[0]] = row[1:4]
missing = set(entries)
for i, lang in enumerate(LANGS):
    for domain in ("messages", "pwa"):
        po_path = f"i18n/{lang}/LC_MESSAGES/{domain}.po"
        with open(po_path, "rb") as fh:
            cat = read_po(fh, locale=lang)
        n = 0
        for msgid, vals in entries.items():
            msg = cat.get(msgid)
            if msg is not None:
                msg.string = vals[i]
                msg.flags.discard("fuzzy")
                missing.discard(msgid)
                n += 1
        with open(po_path, "wb") as fh:
            write_po(fh, cat, width=76, sort_output=True, omit_header=False)
        print(po_path, n)
if missing:
    print("NOT FOUND:", *missing, sep="\n  ")
    sys.exit(1)
