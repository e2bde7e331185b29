#!/bin/sh
# Writes every document under tests/fixtures/reports/ from its text source, in order:
#   1. make_report_docx.py        text -> Word (.docx)                          (python3-docx)
#   2. LibreOffice                .docx -> .libreoffice.pdf                     (libreoffice-writer-nogui)
#   3. make_report_print_pdf.py   text -> .print.pdf, running header, "Page N of M" (python3-reportlab)
#
#   sh tests/tools/make_report_fixtures.sh            (from the repository root)
#
# Needs: apt-get install -y --no-install-recommends python3-docx python3-reportlab \
#            libreoffice-writer-nogui fonts-dejavu-core
# The tests only read the committed documents; nothing here runs at test time.
# The .docx and .print.pdf files are byte-for-byte reproducible. The .libreoffice.pdf files are
# too with the same LibreOffice (7.4.7 on Debian 12) once the time stamp, document id and
# checksum it writes are fixed (below); another LibreOffice version may lay pages out differently.
set -eu

cd "$(dirname "$0")/../.."
OUT=tests/fixtures/reports
PY=/usr/bin/python3   # Debian's python, where python3-docx and python3-reportlab live
AUVERGNE=samples/report-digint-auvergne-rhone-alpes.txt
SIBLING=$OUT/report-digint-sibling.txt

# 1. Word documents
$PY tests/tools/make_report_docx.py "$AUVERGNE" "$OUT/report-digint-auvergne-rhone-alpes.docx"
$PY tests/tools/make_report_docx.py "$SIBLING" "$OUT/report-digint-sibling.docx"

# 2. The Word documents printed to PDF by LibreOffice, with a throw-away user profile so that
#    the settings of whoever runs this do not change the output.
PROFILE=$(mktemp -d)
TMP=$(mktemp -d)
trap 'rm -rf "$PROFILE" "$TMP"' EXIT
for name in report-digint-auvergne-rhone-alpes report-digint-sibling; do
    soffice -env:UserInstallation="file://$PROFILE" --headless --convert-to pdf \
        --outdir "$TMP" "$OUT/$name.docx" >/dev/null
    mv "$TMP/$name.pdf" "$OUT/$name.libreoffice.pdf"
done
# LibreOffice stamps each PDF with the time of conversion, a document id and a checksum over
# them. Overwrite those bytes with fixed ones of the same length (the xref offsets stay right),
# so that the same LibreOffice version gives the same bytes.
$PY - "$OUT"/*.libreoffice.pdf <<'PYTHON'
import re
import sys

for path in sys.argv[1:]:
    data = open(path, "rb").read()
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20250701000000", data)
    data = re.sub(rb"(/ID \[ <)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(> \])",
                  rb"\g<1>" + b"0" * 32 + rb"\g<2>" + b"0" * 32 + rb"\g<3>", data)
    data = re.sub(rb"(/DocChecksum /)[0-9A-F]{32}", rb"\g<1>" + b"0" * 32, data)
    open(path, "wb").write(data)
PYTHON

# 3. Another print path: reportlab, with a running header and "Page N of M"
$PY tests/tools/make_report_print_pdf.py "$AUVERGNE" "$OUT/report-digint-auvergne-rhone-alpes.print.pdf"

ls -l "$OUT"
