"""Pictures and pages people share: charts as SVG, PNG and PDF (cairo + Pango), the HTML brief,
the `show` page, all on the real samples. A real browser (Debian's chromium, installed by
`make deps`) renders the brief and every SVG chart."""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

from support import SOURCE_DIR, VetqTestCase, sample

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = "/usr/bin/chromium"
GOLDEN = os.path.join(SOURCE_DIR, "tests", "golden", "show")
# The text form of each sample, read alone: one golden page per sample.
SHOW_SAMPLES = {
    "28020": "policy-28020-belgium-fr-work-based-learning.txt",
    "28228": "policy-28228-france-digital-transition.txt",
    "28238": "policy-28238-france-clea-certificates.txt",
    "28832": "policy-28832-france-quality-assurance-culture.txt",
    "2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes": "report-digint-auvergne-rhone-alpes.txt",
}


def read_png(data):
    """(width, height, dpi from pHYs or None, set of distinct RGB(A) pixels) of an 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, dpi = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind}"
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"pHYs":
            ppm_x, ppm_y, unit = struct.unpack(">IIB", body)
            assert unit == 1 and ppm_x == ppm_y
            dpi = round(ppm_x * 0.0254)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    prev, pixels = bytearray(stride), set()
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        if y % 4 == 0:  # every fourth row is plenty to tell a picture from a blank
            pixels.update(bytes(line[i:i + bpp]) for i in range(0, stride, bpp * 2))
        prev = line
    return width, height, dpi, pixels


def svg_text(path):
    """(root, <title>, <desc> lines) of an SVG file, which must parse as XML."""
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg", root.tag
    return root, root.find(SVG + "title").text, root.find(SVG + "desc").text.split("\n")


def words(text):
    return re.findall(r"\w+", text)


class Pictures(VetqTestCase):
    """One database of the samples for the whole class (the charts only read it)."""

    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.mkdtemp(prefix="vetq-pictures-")
        cls.shared_db = os.path.join(cls.shared, "vetq.db")
        subprocess.run([os.environ.get("VETQ_BIN", "vetq"), "--db", cls.shared_db, "-q", "ingest",
                        os.path.join(SOURCE_DIR, "samples")], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.db = self.shared_db

    def draw(self, *args, name):
        path = os.path.join(self.tmp, name)
        r = self.ok(*args, "-o", path)
        self.assertEqual(r.out, "")
        with open(path, "rb") as f:
            return path, f.read()


class Charts(Pictures):
    def test_the_france_category_chart_shows_the_counts_stats_prints(self):
        path, _ = self.draw("stats", "--by", "category", "--country", "France", "--format", "svg",
                            name="fig.svg")
        root, title, desc = svg_text(path)
        self.assertEqual(title, "Thematic categories by number of policy developments — France")
        rows = self.ok("stats", "--by", "category", "--country", "France", "--format", "json").json()
        self.assertEqual(desc, [f"{r['category']}: {r['count']}" for r in rows])
        printed = self.ok("stats", "--by", "category", "--country", "France").out.splitlines()[1:]
        self.assertEqual([int(l.split()[-2]) for l in printed if l.strip()],
                         [int(d.rsplit(": ", 1)[1]) for d in desc])
        self.assertEqual(root.get("width"), "800px")
        uses = root.iter(SVG + "use")
        self.assertTrue(all(u.get("{http://www.w3.org/1999/xlink}href").startswith("#c-") for u in uses))

    def test_svg_pdf_and_png_from_one_drawing(self):
        svg, _ = self.draw("stats", "--by", "category", "--country", "France", name="fig.svg")
        _, pdf = self.draw("stats", "--by", "category", "--country", "France", name="fig.pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        text = " ".join(words(subprocess.run(["pdftotext", os.path.join(self.tmp, "fig.pdf"), "-"],
                                             capture_output=True, check=True).stdout.decode()))
        _, title, desc = svg_text(svg)
        for label in [title] + desc:  # wrapped, never cut: every word of every label is there
            for w in words(label):
                self.assertIn(w, text, label)
        _, png = self.draw("stats", "--by", "category", "--country", "France", name="fig.png")
        width, height, dpi, pixels = read_png(png)
        self.assertEqual((width, dpi), (800, 96))
        self.assertGreater(len(pixels), 20)

    def test_png_has_the_stated_size_and_dpi(self):
        _, png = self.draw("timeline", "--country", "France", "--format", "png", "--width", "640",
                           "--height", "400", "--dpi", "192", name="t.png")
        width, height, dpi, pixels = read_png(png)
        self.assertEqual((width, height, dpi), (1280, 800, 192))
        self.assertGreater(len(pixels), 20)
        self.assertIn(b"\x00\x9e\x73", pixels)  # Implementation, Okabe–Ito bluish green

    def test_a_png_beyond_cairos_limit_is_a_clear_error(self):
        out = os.path.join(self.tmp, "wide.png")
        r = self.vetq("stats", "--by", "category", "--format", "png", "--width", "10000",
                      "--dpi", "400", "-o", out)
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("a PNG of 41667 x", r.err)
        self.assertIn("more than cairo draws (32,767 a side) — narrow the filters, lower --dpi, "
                      "or use --format svg or pdf", r.err)
        self.assertFalse(os.path.exists(out))

    def test_timeline_gantt_has_four_digit_years_and_every_policy(self):
        path, _ = self.draw("timeline", "--country", "France", "--format", "svg", name="t.svg")
        _, title, desc = svg_text(path)
        self.assertEqual(title, "Policy developments by year and stage — France")
        policies = self.ok("query", "--country", "France", "--format", "json").json()
        self.assertEqual(len(desc), len(policies))
        for p, line in zip(policies, desc):
            self.assertTrue(line.startswith(f"{p['title']} ({p['id']}, France): "), line)
        self.assertIn("2015 Implementation", desc[1])
        self.draw("timeline", "--country", "France", name="t.pdf")
        text = subprocess.run(["pdftotext", "-layout", os.path.join(self.tmp, "t.pdf"), "-"],
                              capture_output=True, check=True).stdout.decode()
        years = sorted({int(y) for y in re.findall(r"\b(20\d\d)\b", text)})
        self.assertEqual(years, list(range(years[0], years[-1] + 1)))
        self.assertIn("Implementation", text)  # the legend

    def test_two_dimensions_draw_a_heat_map(self):
        path, _ = self.draw("stats", "--by", "country", "--by", "stage", "--format", "svg",
                            name="heat.svg")
        _, _, desc = svg_text(path)
        rows = self.ok("stats", "--by", "country", "--by", "stage", "--format", "json").json()
        for r in rows:
            self.assertIn(f"{r['country']} / {r['stage']}: {r['count']}", desc)

    def test_format_from_the_file_name_and_bad_sizes(self):
        _, data = self.draw("stats", "--by", "stage", name="stages.PNG")
        self.assertTrue(data.startswith(b"\x89PNG"))
        r = self.vetq("stats", "--by", "stage", "--format", "svg", "--width", "5")
        self.assertEqual(r.code, 2, r)
        svg = self.ok("stats", "--by", "stage", "--format", "svg").out  # stdout is no terminal
        ET.fromstring(svg)
        path, _ = self.draw("timeline", "--country", "France", "--year", "1990", name="none.svg")
        self.assertEqual(svg_text(path)[1:], ("Policy developments by year and stage — France · 1990",
                                            ["No records match these filters."]))


def chromium(*args, tmp):
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, timeout=120)


class Brief(Pictures):
    def brief(self, *filters):
        path, data = self.draw("brief", *filters, name="brief.html")
        return path, data.decode("utf-8")

    def test_one_page_with_every_record_and_no_external_resource(self):
        _, page = self.brief("--country", "France")
        docs = self.ok("export", "--country", "France", "--format", "json").json()
        self.assertEqual(len(docs), 4)  # three policies and the Auvergne-Rhône-Alpes report
        for d in docs:
            self.assertIn(html_escape(d["title"]), page)
        self.assertEqual(page.count("<svg"), 2)
        self.assertIn("<h3>SWOT</h3>", page)
        self.assertIn("Ministry of National Education and Youth (until 2024)", page)
        self.assertIn("@media print", page)
        loads = LoadedUrls()
        loads.feed(page)
        self.assertEqual([u for u in loads.urls if not u.startswith(("#", "data:"))], [])

    def test_text_is_escaped_by_the_template(self):
        with open(sample("policy-28238-france-clea-certificates.txt"), encoding="utf-8") as f:
            page = f.read()
        hostile = page.replace("CléA certificates for developing",
                               "<script>alert(1)</script> & <b>CléA</b> \"x\" certificates for developing")
        path = self.write("hostile.txt", hostile)
        self.db = os.path.join(self.tmp, "own.db")
        self.ok("ingest", path)
        _, out = self.brief()
        self.assertNotIn("<script", out)
        self.assertNotIn("<b>CléA", out)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;CléA&lt;/b&gt; &quot;x&quot;", out)


class LoadedUrls(html.parser.HTMLParser):
    """The addresses a browser would load: src, srcset, poster, data, <link href>."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "srcset", "poster", "data", "action", "formaction") or \
                    (tag == "link" and name == "href") or (name == "href" and tag in ("use", "image")):
                self.urls.append(value or "")
            if name == "style" and value and "url(" in value:
                self.urls.append(value)


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;").replace("'", "&apos;")


@unittest.skipUnless(os.access(CHROMIUM, os.X_OK),
                     f"{CHROMIUM} is not installed (make deps installs Debian's chromium)")
class Browser(Pictures):
    def screenshot(self, url, size="1000,1400"):
        shot = os.path.join(self.tmp, "shot.png")
        r = chromium(f"--screenshot={shot}", f"--window-size={size}", url, tmp=self.tmp)
        self.assertTrue(os.path.exists(shot), r.stderr.decode(errors="replace")[-2000:])
        with open(shot, "rb") as f:
            width, height, _, pixels = read_png(f.read())
        os.remove(shot)
        return width, height, pixels

    def test_the_brief_renders_with_every_title_and_no_request(self):
        path, _ = self.draw("brief", "--country", "France", name="france.html")
        width, _, pixels = self.screenshot("file://" + path)
        self.assertEqual(width, 1000)
        self.assertGreater(len(pixels), 50, "the screenshot of the brief is blank")
        dom, requested = self.dump_dom(path)
        self.assertIn("<h1>VET policy developments — France</h1>", dom)
        for d in self.ok("export", "--country", "France", "--format", "json").json():
            self.assertIn(html_escape(d["title"]).replace("&apos;", "'"), dom)
        self.assertEqual(requested, [])
        # The check sees a page's requests: a page with an image and a style sheet from elsewhere.
        control = self.write("control.html", '<!DOCTYPE html><p>x<img src="http://127.0.0.1:9/x.png">'
                             '<link rel="stylesheet" href="https://example.invalid/a.css">')
        self.assertEqual(sorted(self.dump_dom(control)[1]),
                         ["http://127.0.0.1:9/x.png", "https://example.invalid/a.css"])

    def dump_dom(self, path):
        """The DOM chromium built from the page, and the requests the page made (chromium's net
        log; the browser's own requests, with no origin, are not the page's)."""
        netlog = os.path.join(self.tmp, "net.json")
        r = chromium("--dump-dom", f"--log-net-log={netlog}", "file://" + path, tmp=self.tmp)
        with open(netlog, encoding="utf-8") as f:
            log = json.load(f)
        start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        requested = [e["params"]["url"] for e in log["events"]
                     if e["type"] == start and "url" in e.get("params", {})
                     and e["params"].get("initiator") != "not an origin"]
        return r.stdout.decode("utf-8"), requested

    def test_every_svg_chart_renders(self):
        charts = [("stats", "--by", "category", "--country", "France"),
                  ("stats", "--by", "country", "--by", "stage"),
                  ("timeline", "--country", "France")]
        for i, args in enumerate(charts):
            path, _ = self.draw(*args, "--format", "svg", name=f"chart{i}.svg")
            _, _, pixels = self.screenshot("file://" + path, size="820,700")
            self.assertGreater(len(pixels), 20, f"{args}: the screenshot is blank")


class Show(VetqTestCase):
    """`show` for people: a golden page per sample (its text form read alone, by a relative
    path; the ingest time masked). VETQ_UPDATE_GOLDEN=1 rewrites them."""

    def page(self, name, *args, env=None):
        subprocess.run([os.environ.get("VETQ_BIN", "vetq"), "--db", self.db, "-q", "ingest",
                        os.path.join("samples", name)], cwd=SOURCE_DIR, check=True)
        rid = [k for k, v in SHOW_SAMPLES.items() if v == name][0]
        out = self.ok("show", rid, *args, env=env).out
        return re.sub(r"(Ingested: )\S+", r"\1<time>", out)

    def test_golden_pages(self):
        for rid, name in SHOW_SAMPLES.items():
            with self.subTest(rid):
                self.db = os.path.join(self.tmp, rid + ".db")
                out = self.page(name, "--no-pager", env={"COLUMNS": "80"})
                golden = os.path.join(GOLDEN, rid + ".txt")
                if os.environ.get("VETQ_UPDATE_GOLDEN"):
                    os.makedirs(GOLDEN, exist_ok=True)
                    with open(golden, "w", encoding="utf-8") as f:
                        f.write(out)
                with open(golden, encoding="utf-8") as f:
                    self.assertEqual(out, f.read())
                for line in out.splitlines():
                    self.assertLessEqual(len(line), 80, line)
                self.assertNotRegex(out, r'[\[{]"|":')  # no JSON inside

    def test_bodies_years_and_width(self):
        out = self.page(SHOW_SAMPLES["28228"], env={"COLUMNS": "60"})
        self.assertIn("• Ministry of National Education and Youth (until 2024)", out)
        self.assertIn("• Ministry of National Education, Youth and Sports (from\n    2020 until 2022)", out)
        self.assertTrue(all(len(l) <= 60 for l in out.splitlines()))
        words_in = words(self.ok("show", "28228", "--format", "json").json()["background"])
        self.assertEqual(words(out.split("Background\n")[1].split("\n\n")[0]), words_in)

    def test_year_notes_under_their_year(self):
        self.db = os.path.join(self.tmp, "html.db")
        self.ok("ingest", sample("html", "policy-28238-france-clea-certificates.html"))
        out = self.ok("show", "28238").out
        doc = self.ok("show", "28238", "--format", "json").json()
        self.assertTrue(doc["year_notes"])
        first = doc["year_notes"][0]
        self.assertIn(f"  {first['year']} · {first['stage']}\n    {first['text'][:30]}", out)

    def test_a_terminal_gets_the_pager_and_no_pager_skips_it(self):
        import pty
        self.ok("ingest", sample(SHOW_SAMPLES["28238"]))
        paged = os.path.join(self.tmp, "paged.txt")
        env = {k: v for k, v in os.environ.items() if k not in ("VETQ_DB", "COLUMNS")}
        env["PAGER"] = f"cat > {paged}"
        for extra, want_paged in (([], True), (["--no-pager"], False)):
            if os.path.exists(paged):
                os.remove(paged)
            pid, fd = pty.fork()
            if pid == 0:
                os.execve(os.environ.get("VETQ_BIN", "vetq"),
                          ["vetq", "--db", self.db, "show", "28238", *extra], env)
            screen = b""
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                screen += chunk
            os.waitpid(pid, 0)
            os.close(fd)
            self.assertEqual(os.path.exists(paged), want_paged, extra)
            if want_paged:
                with open(paged, encoding="utf-8") as f:
                    text = f.read()
            else:
                text = screen.decode()
            self.assertIn("Responsible bodies", text)


class Tables(Pictures):
    def test_piped_tables_fit_columns_and_titles_wrap_whole(self):
        wide = self.ok("query", "--country", "France").out.splitlines()
        self.assertEqual(len(wide), 4)  # no $COLUMNS: no limit, a line per row
        out = self.ok("query", "--country", "France", env={"COLUMNS": "80"}).out
        lines = out.splitlines()
        self.assertTrue(all(len(l) <= 80 for l in lines), out)
        self.assertNotIn("…", out)
        start = lines[0].index("title")
        titles, current = [], None
        for line in lines[1:]:
            if line[:start].strip():
                current = [line[start:]]
                titles.append(current)
            else:
                current.append(line[start:])
        want = [p["title"] for p in self.ok("query", "--country", "France", "--format", "json").json()]
        self.assertEqual([" ".join(t) for t in titles], want)


if __name__ == "__main__":
    unittest.main()
