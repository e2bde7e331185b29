#!/usr/bin/python3
"""Renders a regional report as text (the samples/report-*.txt format) into a PDF as a print
driver would: like make_report_pdf.py (wrapped paragraphs, bold headings and lead-ins, tables as
columns), but in a serif face, with ruled tables, a running header on every page and a
"Page N of M" footer.

    /usr/bin/python3 tests/tools/make_report_print_pdf.py IN.txt OUT.pdf

Needs Debian's python3-reportlab and fonts-dejavu-core. The output is byte-for-byte reproducible
(reportlab's invariant mode). Only the committed PDF is used by the tests.

M in "Page N of M" is known only at the end: every page is kept until save(), then the header and
footer are drawn on each (reportlab's usual two-pass "numbered canvas").
"""
import re
import sys

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = "/usr/share/fonts/truetype/dejavu/"
pdfmetrics.registerFont(TTFont("Body", FONTS + "DejaVuSerif.ttf"))
pdfmetrics.registerFont(TTFont("Bold", FONTS + "DejaVuSerif-Bold.ttf"))
pdfmetrics.registerFont(TTFont("Sans", FONTS + "DejaVuSans.ttf"))

SIZE, LEADING, GAP = 10, 13, 12  # GAP: space between paragraphs
LEFT, RIGHT, TOP, BOTTOM = 62, 62, 84, 78  # room for the header and footer
WIDTH = A4[0] - LEFT - RIGHT
HEADER = "DIG.INT Partners' Regional Reports – Annexes"


def plain(text):
    """Markdown marks of the text export are typography in print: dead links keep their text,
    bold and italic marks go."""
    text = re.sub(r"\[([^\]]*)\]\([^)\s]*\)", r"\1", text)
    return text.replace("**", "").replace("*", "")


def is_heading(lines, i):
    t = lines[i].strip()
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 == len(lines) or not lines[i + 1].strip()
    return (before and after and t and len(t.split()) <= 12 and t[-1] not in ".:;,)"
            and not t.startswith(("-", "Figure", "Source", "*", "¹")) and t[0].isupper())


class NumberedCanvas(canvas.Canvas):
    """Keeps each page's drawing until save(), then adds the header and "Page N of M"."""

    def __init__(self, *args, region="", **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.pages = []

    def showPage(self):
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self.pages)
        for number, state in enumerate(self.pages, 1):
            self.__dict__.update(state)
            self.decorate(number, total)
            super().showPage()
        super().save()

    def decorate(self, number, total):
        top, bottom = A4[1] - 48, 44
        self.setFont("Sans", 8)
        self.drawString(LEFT, top, HEADER)
        self.drawRightString(A4[0] - RIGHT, top, self.region)
        self.setLineWidth(0.5)
        self.line(LEFT, top - 5, A4[0] - RIGHT, top - 5)
        self.line(LEFT, bottom + 12, A4[0] - RIGHT, bottom + 12)
        self.drawCentredString(A4[0] / 2, bottom, f"Page {number} of {total}")


class Writer:
    def __init__(self, path, title, region):
        self.c = NumberedCanvas(path, pagesize=A4, invariant=1, pageCompression=1, region=region)
        self.c.setTitle(title)
        self.c.setAuthor("DIG.INT partners")
        self.y = A4[1] - TOP

    def need(self, height):
        if self.y - height < BOTTOM:
            self.c.showPage()
            self.y = A4[1] - TOP

    def gap(self):
        if self.y < A4[1] - TOP:
            self.y -= GAP

    def chart(self, height=110):
        """A placeholder where the text export lost an image: a framed bar chart."""
        self.need(height + GAP)
        self.y -= height
        x0 = LEFT + WIDTH / 2 - 150
        self.c.setLineWidth(0.5)
        self.c.rect(x0, self.y, 300, height)
        for k in range(7):
            self.c.setFillGray(0.55)
            self.c.rect(x0 + 18 + k * 40, self.y + 8, 26, (k * 37 % 80) + 15, stroke=0, fill=1)
        self.c.setFillGray(0)

    def text(self, s, font="Body", indent=0, size=SIZE, bullet=None):
        pieces = simpleSplit(s, font, size, WIDTH - indent) or [""]
        for k, piece in enumerate(pieces):
            self.need(LEADING)
            self.y -= size + 3
            self.c.setFont(font, size)
            self.c.drawString(LEFT + indent, self.y, piece)
            if bullet and k == 0:
                self.c.drawString(LEFT + indent - 10, self.y, bullet)

    def row(self, cells, columns, bold=False):
        """One table row, each cell wrapped in its column, ruled above and below."""
        widths = [b - a for a, b in zip(columns, columns[1:] + [WIDTH])]
        wrapped = [simpleSplit(c, "Bold" if bold else "Body", SIZE - 1, w - 6) or [""]
                   for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped) * LEADING + 4
        self.need(height)
        self.c.setLineWidth(0.4)
        self.c.rect(LEFT, self.y - height, WIDTH, height)
        for x in columns[1:]:
            self.c.line(LEFT + x, self.y, LEFT + x, self.y - height)
        for x, lines in zip(columns, wrapped):
            for k, piece in enumerate(lines):
                self.c.setFont("Bold" if bold else "Body", SIZE - 1)
                self.c.drawString(LEFT + x + 3, self.y - (k + 1) * LEADING + 1, piece)
        self.y -= height

    def save(self):
        self.c.showPage()
        self.c.save()


def main(src, dst):
    text = open(src, encoding="utf-8").read()
    lines = text.split("\n")
    ident = dict(line.split("\t")[:2] for line in lines if line.count("\t") == 1)
    title = ident.get("Document Title", "")
    region = title.split("Annexes", 1)[-1].strip()
    w = Writer(dst, title, region)
    blank = 0  # blank or whitespace-only lines before this one
    table_row = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            blank, table_row = blank + 1, 0
            continue
        if blank:
            w.gap()
            # three blank lines before a caption, note or chart label: a removed image
            if blank >= 3 and w.y < A4[1] - TOP and not raw.startswith("-") \
                    and not is_heading(lines, i):
                w.chart()
                w.gap()
            blank = 0
        if "\t" in line:
            cells = [plain(c.strip()) for c in line.split("\t")]
            three = len(cells) == 3
            w.row(cells, [0, 80, 200] if three else [0, 120], bold=three and table_row == 0)
            table_row += 1
        elif is_heading(lines, i):
            caps = line.upper() == line
            w.need(3 * LEADING)  # keep a heading with the lines below it
            w.text(plain(line), "Bold", size=13 if caps else 11)
        elif raw.startswith((" - ", "- ")):
            bold = line.startswith("- **") and line.endswith("**")
            nested = raw.startswith(" ")
            w.text(plain(line[2:]), "Bold" if bold else "Body", indent=32 if nested else 16,
                   bullet="–" if nested else "•")
        elif re.match(r"Figure \d+:", line):
            w.text(plain(line), "Bold", size=SIZE - 1)
        elif i and lines[i - 1].startswith(("- ", " - ")):
            w.text(plain(line), indent=16)  # the body under a bullet's lead-in
        else:
            w.text(plain(line))
    w.save()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
