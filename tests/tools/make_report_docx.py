#!/usr/bin/python3
"""Renders a regional report as text (the samples/report-*.txt format) into a Word document, the
way the partners wrote the annexes: Title and Heading 1/2 styles, the identification block and the
version history as Word tables, figures with a picture and a "Caption" paragraph, the SWOT as a
labelled 2x2 table, bullet lists, and a running header and a footer with a PAGE field.

    /usr/bin/python3 tests/tools/make_report_docx.py IN.txt OUT.docx

Needs Debian's python3-docx (0.8.11). The output is byte-for-byte reproducible: fixed core
properties and fixed zip time stamps. Only the committed documents are used by the tests.

What the text export lost is put back, as Word had it: a sentence split across a page break is one
paragraph again, page-break lines go, a run of three or more blank lines before a non-list line is
a removed image (a placeholder chart is drawn), and the SWOT lists get their quadrant labels.
"""
import datetime
import io
import re
import struct
import sys
import zipfile
import zlib

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HEADER = "DIG.INT Partners' Regional Reports – Annexes"
FOOTER = "Co-funded by the Erasmus+ Programme of the European Union — page "
FONT = "DejaVu Sans"  # installed with LibreOffice's fonts-dejavu-core: the PDF is the same anywhere
STAMP = (1980, 1, 1, 0, 0, 0)  # zip entry time stamps: the DOS epoch, as Word writes them
QUADRANTS = ["Strengths", "Weaknesses", "Opportunities", "Threats"]
ENDS = tuple(".:;!?)”\"")


# --- reading the text export -------------------------------------------------------------------
def blocks(text):
    """Non-blank line groups, each with the number of blank or whitespace-only lines before it."""
    out, cur, gap = [], [], 0
    for line in text.split("\n"):
        if line.strip():
            cur.append(line.rstrip())
            continue
        if cur:
            out.append({"lines": cur, "gap": gap})
            cur, gap = [], 0
        gap += 1
    if cur:
        out.append({"lines": cur, "gap": gap})
    return out


def is_bullet(line):
    return line.startswith(("- ", " - "))


def is_heading(b):
    t = b["lines"][0].strip()
    return (len(b["lines"]) == 1 and len(t.split()) <= 12 and t[0].isupper() and "\t" not in t
            and t[-1] not in ENDS + (",",) and not t.startswith(("Figure", "Source", "NB:", "-"))
            and "*" not in t and "[" not in t)


def join_split_sentences(bs):
    """A paragraph that stops mid-sentence and a block that starts in lower case are one
    paragraph that a page break cut in two."""
    out = []
    for b in bs:
        prev = out[-1] if out else None
        if (prev and not is_heading(prev) and "\t" not in prev["lines"][-1]
                and prev["lines"][-1][-1] not in ENDS and b["lines"][0][:1].islower()):
            prev["lines"][-1] += " " + b["lines"][0]
            prev["lines"].extend(b["lines"][1:])
        else:
            out.append(b)
    return out


# --- writing Word ------------------------------------------------------------------------------
def add_text(par, text, bold=False):
    """Adds text with the export's markdown marks as Word formatting: **bold**, *italic* and
    [dead links](#) (a hyperlink without a target). A newline becomes a line break."""
    for m in re.finditer(r"\*\*(.+?)\*\*|\*([^*\n]+)\*|\[([^\]]*)\]\(#[^)]*\)|([^*\[]+|.)", text,
                         re.S):
        strong, em, link, plain = m.groups()
        run = par.add_run(strong or em or link or plain)
        run.bold = bold or strong is not None or None
        run.italic = em is not None or None
        if link is not None:
            run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            run.font.underline = True
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("w:history"), "1")
            par._p.append(hyperlink)
            hyperlink.append(run._r)  # moves the run into the hyperlink


def add_field(par, instr, shown):
    """A complex field as Word writes it (begin, instruction, separate, result, end)."""
    for kind, value in (("begin", None), (None, instr), ("separate", None), (None, shown),
                        ("end", None)):
        r = OxmlElement("w:r")
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if value == instr else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = value
        r.append(el)
        par._p.append(r)


def chart_png(seed, w=480, h=200):
    """A placeholder bar chart (the real figures were images), written by hand: a valid PNG."""
    heights = [(37 * (seed + i) ** 2 + 11 * i) % 140 + 30 for i in range(8)]
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            bar, inside = divmod(x - 20, 55)
            edge = x in (0, w - 1) or y in (0, h - 1)
            on_bar = 0 <= bar < 8 and inside < 40 and h - 15 - heights[bar] <= y < h - 15
            row += bytes((150, 150, 150) if edge else (68, 114, 196) if on_bar else (255,) * 3)
        rows.append(b"\0" + bytes(row))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def set_fonts(document):
    """One font everywhere: the document defaults and every style that names (theme) fonts."""
    styles = document.styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if default.find(qn("w:rFonts")) is None:
        default.insert(0, OxmlElement("w:rFonts"))
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    document.styles["Normal"].font.size = Pt(10)


def fixed_widths(t, widths):
    """Column widths in cm, in the grid and in every cell (LibreOffice reads the grid)."""
    t.autofit = False
    for col, width in zip(t.columns, widths):
        col.width = Cm(width)
        for cell in col.cells:
            cell.width = Cm(width)


def table(document, rows, widths, header=False):
    t = document.add_table(rows=len(rows), cols=len(widths))
    t.style = "Table Grid"
    fixed_widths(t, widths)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = t.cell(r, c)
            key = len(widths) == 2 and c == 0  # the identification block's keys
            add_text(cell.paragraphs[0], text.strip(), bold=key or (header and r == 0))
    document.add_paragraph()
    return t


def swot_table(document, quadrants):
    """The four unlabelled lists of the export, as the labelled 2x2 table they came from."""
    t = document.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    fixed_widths(t, [8, 8])
    for i, (label, items) in enumerate(zip(QUADRANTS, quadrants)):
        cell = t.cell(i // 2, i % 2)
        add_text(cell.paragraphs[0], label, bold=True)
        for item in items:
            add_text(cell.add_paragraph(style="List Bullet"), item.strip()[2:])
    document.add_paragraph()


def render(bs, document):
    figures = 0
    i = 0
    while i < len(bs):
        b = bs[i]
        lines, first = b["lines"], b["lines"][0].strip()
        nxt = bs[i + 1] if i + 1 < len(bs) else None
        if b["gap"] >= 3 and not is_bullet(first) and not is_heading(b):  # a removed image
            figures += 1
            document.add_picture(io.BytesIO(chart_png(figures)), width=Cm(12))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if all("\t" in line for line in lines):
            cells = [line.split("\t") for line in lines]
            three = len(cells[0]) == 3
            table(document, cells, [3, 5, 8] if three else [4, 12], header=three)
        elif re.match(r"Figure \d+:", first):
            add_text(document.add_paragraph(style="Caption"), first)
        elif is_heading(b) and nxt and nxt["gap"] >= 3 and not is_bullet(nxt["lines"][0]):
            # a chart title or map label just above a removed image
            par = document.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_text(par, first, bold=True)
        elif is_heading(b):
            document.add_heading(first, 1 if first.upper() == first else 2)
        elif "SWOT" in first:
            add_text(document.add_paragraph(), "\n".join(lines))
            lists = []
            while i + 1 < len(bs) and len(lists) < 4:
                i += 1
                if is_bullet(bs[i]["lines"][0]):
                    lists.append(bs[i]["lines"])
                else:  # a footnote printed between the introduction and the table
                    par = document.add_paragraph()
                    add_text(par, "\n".join(bs[i]["lines"]))
                    for run in par.runs:
                        run.font.size = Pt(8)
            swot_table(document, lists)
        elif is_bullet(first):
            # a list item per bullet line; a line without a bullet continues the item above
            # after a line break (Shift+Enter), as the recommendations' lead-ins do
            for item in re.split(r"\n(?= ?- )", "\n".join(lines)):
                style = "List Bullet 2" if item.startswith(" ") else "List Bullet"
                add_text(document.add_paragraph(style=style), item.strip()[2:])
        else:
            add_text(document.add_paragraph(), "\n".join(line.strip() for line in lines))
        i += 1


def cover(bs, document):
    """The cover page: Title, Subtitle, the region in bold, the co-funding line; then a page
    break. Returns the remaining blocks (from DOCUMENT IDENTIFICATION on)."""
    end = next(k for k, b in enumerate(bs) if b["lines"][0].startswith("DOCUMENT IDENTIFICATION"))
    for k, b in enumerate(bs[:end]):
        text = "\n".join(b["lines"])
        if k == 0:
            document.add_paragraph(text, style="Title")
        elif k == 1:
            document.add_paragraph(text, style="Subtitle")
        else:
            par = document.add_paragraph()
            par.paragraph_format.space_before = Pt(48 if k == 2 else 160)
            add_text(par, text)
            if k == 2:
                for run in par.runs:
                    run.font.size = Pt(26)
    document.paragraphs[-1].runs[-1].add_break(docx.enum.text.WD_BREAK.PAGE)
    return bs[end:]


def page_setup(document):
    sec = document.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    sec.different_first_page_header_footer = True  # no header or footer on the cover
    head = sec.header.paragraphs[0]
    head.text = HEADER
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = sec.footer.paragraphs[0]
    foot.add_run(FOOTER)
    add_field(foot, " PAGE ", "1")
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for par in (head, foot):
        for run in par.runs:
            run.font.size = Pt(8)


def properties(document, text):
    """Fixed core properties from the identification block and the version history."""
    ident = dict(line.split("\t")[:2] for line in text.split("\n") if line.count("\t") == 1)
    history = [line.split("\t") for line in text.split("\n") if line.count("\t") == 2][1:]
    day, month, year = (int(x) for x in ident["Date"].split("/"))
    first = history[0][0].split("/")
    p = document.core_properties
    p.title = ident["Document Title"]
    p.subject = ident["Project Name"]
    p.author = history[0][1]
    p.last_modified_by = history[-1][1]
    p.revision = int(ident["Doc. Version"])
    p.created = datetime.datetime(2000 + int(first[2]), int(first[1]), int(first[0]), 9, 0, 0)
    p.modified = datetime.datetime(year, month, day, 17, 0, 0)
    p.last_printed = p.modified
    p.keywords = "DIG.INT; regional report; VET internationalisation"


def save_reproducibly(document, path):
    """python-docx stamps zip entries with the current time: rewrite them with a fixed one."""
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            out = zipfile.ZipInfo(info.filename, date_time=STAMP)
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = 0o644 << 16
            dst.writestr(out, src.read(info.filename))


def main(src, dst):
    text = open(src, encoding="utf-8").read()
    document = docx.Document()
    set_fonts(document)
    page_setup(document)
    properties(document, text)
    rest = cover(blocks(text), document)
    render(join_split_sentences(rest), document)
    save_reproducibly(document, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
