#!/usr/bin/python3
"""Renders a regional report as text (the samples/report-*.txt format) into a PDF, the way a word
processor would print it: wrapped paragraphs, bold headings and lead-ins, two-column tables.

    /usr/bin/python3 tests/tools/make_report_pdf.py IN.txt OUT.pdf

Needs Debian's python3-reportlab and fonts-dejavu-core. The output is byte-for-byte reproducible
(reportlab's invariant mode: no time stamps, fixed document id). Only the committed PDF is used by
the tests; this script is not run by them.
"""
import re
import sys

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = "/usr/share/fonts/truetype/dejavu/"
pdfmetrics.registerFont(TTFont("Body", FONTS + "DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("Bold", FONTS + "DejaVuSans-Bold.ttf"))

SIZE, LEADING, GAP = 10, 12.5, 28  # GAP: space for a blank line (a new text block in readers)
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 60, 60
WIDTH = A4[0] - LEFT - RIGHT


def plain(text):
    """Markdown marks of the text export are typography in the PDF: dead links keep their text,
    bold and italic marks go."""
    text = re.sub(r"\[([^\]]*)\]\([^)\s]*\)", r"\1", text)
    return text.replace("**", "").replace("*", "")


def is_heading(lines, i):
    t = lines[i].strip()
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 == len(lines) or not lines[i + 1].strip()
    return (before and after and t and len(t.split()) <= 12 and t[-1] not in ".:;,)"
            and not t.startswith(("-", "Figure", "Source", "*", "¹")) and t[0].isupper())


class Writer:
    def __init__(self, path):
        self.c = canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle("DIG.INT Partners' Regional Reports - Annexes")
        self.y = A4[1] - TOP

    def need(self, height):
        if self.y - height < BOTTOM:
            self.c.showPage()
            self.y = A4[1] - TOP

    def gap(self):
        if self.y < A4[1] - TOP:
            self.y -= GAP

    def text(self, s, font="Body", indent=0):
        for piece in simpleSplit(s, font, SIZE, WIDTH - indent) or [""]:
            self.need(LEADING)
            self.y -= LEADING
            self.c.setFont(font, SIZE)
            self.c.drawString(LEFT + indent, self.y, piece)

    def row(self, cells, columns):
        self.need(LEADING)
        self.y -= LEADING
        for x, cell in zip(columns, cells):
            self.c.setFont("Body", SIZE)
            self.c.drawString(LEFT + x, self.y, cell)

    def save(self):
        self.c.showPage()
        self.c.save()


def main(src, dst):
    lines = open(src, encoding="utf-8").read().split("\n")
    w = Writer(dst)
    blank = False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            blank = True
            continue
        if blank:
            w.gap()
            blank = False
        if "\t" in line:
            cells = [plain(c.strip()) for c in line.split("\t")]
            w.row(cells, [0, 110] if len(cells) == 2 else [0, 80, 190])
        elif is_heading(lines, i):
            w.text(plain(line), "Bold")
        elif raw.startswith((" - ", "- ")):
            bold = line.startswith("- **") and line.endswith("**")
            w.text(plain(line), "Bold" if bold else "Body", indent=14 if raw.startswith(" ") else 0)
        else:
            w.text(plain(line))
    w.save()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
