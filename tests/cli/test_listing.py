"""Listing pages and HTML pages end to end: a listing entry merges into its full page, the page
always wins, and either ingest order ends with the same records."""
import os
import unittest

from support import VetqTestCase, fixture, fts_matches_content, sample

PAGES = [
    "policy-28020-belgium-fr-work-based-learning",
    "policy-28228-france-digital-transition",
    "policy-28238-france-clea-certificates",
    "policy-28832-france-quality-assurance-culture",
]
TEXT_PAGES = [sample(p + ".txt") for p in PAGES]
HTML_PAGES = [sample("html", p + ".html") for p in PAGES]
# A hand-made listing: item 99100 carries the opening words, bodies and title of sample page
# 28228 under an id of its own; 99101-99104 are invented and have no full page.
LISTING_TEXT = fixture("listing", "listing-search-page1.txt")
LISTING_HTML = fixture("listing", "listing-search-page1.html")
LISTED = "99100"
PAGE_IDS = ["28020", "28228", "28238", "28832", LISTED]
LISTED_ONLY = ["99101", "99102", "99103", "99104"]


def comparable(records):
    """id -> record without what differs by ingest run: ingested_at and earlier versions."""
    out = {}
    for r in records:
        r = dict(r)
        r.pop("history", None)
        r.pop("versions", None)
        r["source"] = {k: v for k, v in r["source"].items() if k != "ingested_at"}
        out[r["id"]] = r
    return out


class Listing(VetqTestCase):
    def setUp(self):
        super().setUp()
        # The full page of item 99100, in both forms: sample 28228 under the listed id.
        self.listed_text = self.listed_page(PAGES[1] + ".txt", "policy-99100.txt")
        self.listed_html = self.listed_page(os.path.join("html", PAGES[1] + ".html"), "policy-99100.html")
        self.text_pages = TEXT_PAGES + [self.listed_text]
        self.html_pages = HTML_PAGES + [self.listed_html]

    def listed_page(self, name, to):
        with open(sample(name), encoding="utf-8") as f:
            return self.write(to, f.read().replace("28228", LISTED))

    def db_with(self, name, *batches):
        """A database at tmp/name filled by one `vetq ingest` per batch, in order."""
        db = os.path.join(self.tmp, name)
        for batch in batches:
            r = self.vetq("--db", db, "ingest", *batch, db=False)
            self.assertEqual(r.code, 0, repr(r))
            self.assertNotIn("warning", r.err)
        return db

    def export(self, db):
        r = self.vetq("--db", db, "export", "--format", "json", db=False)
        self.assertEqual(r.code, 0, repr(r))
        return comparable(r.json())

    def test_either_order_ends_with_the_same_records(self):
        first_db = self.db_with("listing-first.db", [LISTING_TEXT], self.text_pages)
        last_db = self.db_with("listing-last.db", self.text_pages, [LISTING_TEXT])
        first, last = self.export(first_db), self.export(last_db)
        # Merging rewrites a policy's text: the index holds what the stored record gives.
        self.assertTrue(fts_matches_content(first_db))
        self.assertTrue(fts_matches_content(last_db))
        self.assertEqual(sorted(first), sorted(PAGE_IDS + LISTED_ONLY))
        self.assertEqual(first, last)

    def test_the_listing_fills_the_type_the_page_lacks_and_nothing_else(self):
        pages_only = self.export(self.db_with("pages.db", self.text_pages))
        self.assertIsNone(pages_only[LISTED]["type"])  # the page (28228's) leaves Type empty
        for name, order in ("a.db", ([LISTING_TEXT], self.text_pages)), ("b.db", (self.text_pages, [LISTING_TEXT])):
            records = self.export(self.db_with(name, *order))
            merged = records[LISTED]
            self.assertEqual(merged["type"], "Strategy/Action plan")  # from the listing
            self.assertFalse(merged["partial"])
            self.assertEqual(merged["source"]["format"], "policy-text")
            self.assertEqual(merged["source"]["path"], self.listed_text)
            # Every other field is the page's: title, full objectives (not the teaser), bodies ...
            self.assertEqual({k: v for k, v in merged.items() if k not in ("type", "source")},
                             {k: v for k, v in pages_only[LISTED].items() if k not in ("type", "source")})
            # ... and the provenance says which field came from which listing entry, at which
            # lines, instead of pointing at the page's empty "Type of development" section.
            page_source = dict(pages_only[LISTED]["source"])
            page_lines = dict(page_source.pop("lines"))
            del page_lines["type_of_development"]
            got_source = dict(merged["source"])
            from_listing = got_source.pop("from_listing")
            self.assertEqual(got_source, dict(page_source, lines=page_lines))
            self.assertEqual(from_listing["fields"], ["type"])
            self.assertEqual(from_listing["path"], LISTING_TEXT)
            self.assertEqual(from_listing["format"], "listing-text")
            self.assertEqual(from_listing["lines"], [23, 39])
            self.assertEqual(len(from_listing["sha256"]), 64)
            self.assertFalse(merged["objectives"].endswith("..."))
            # ... and the pages the listing does not name are untouched.
            for pid in ["28020", "28228", "28238", "28832"]:
                self.assertEqual(records[pid], pages_only[pid])

    def test_a_listing_never_overwrites_what_a_page_gave(self):
        # The same listing, but its first item names sample 28238, whose page says
        # "Practical measure/Initiative" and has its own objectives and bodies.
        with open(LISTING_TEXT, encoding="utf-8") as f:
            text = f.read()
        edited = self.write("listing-28238.txt", text.replace(LISTED, "28238", 1))
        pages_only = self.export(self.db_with("pages.db", self.text_pages))["28238"]
        for name, order in ("a.db", ([edited], self.text_pages)), ("b.db", (self.text_pages, [edited])):
            got = self.export(self.db_with(name, *order))["28238"]
            self.assertEqual(got, pages_only)
            self.assertEqual(got["type"], "Practical measure/Initiative")

    def test_listing_only_items_are_partial_records(self):
        self.ok("ingest", LISTING_TEXT)
        doc = self.ok("show", "99102", "--format", "json").json()
        self.assertTrue(doc["partial"])
        self.assertIsNone(doc["title"])  # titles are lost in text copies
        self.assertEqual(doc["country"], "Italy")
        self.assertEqual(doc["type"], "Regulation/Legislation")
        self.assertEqual(doc["source"]["format"], "listing-text")
        self.assertEqual(doc["timeline"], [])
        self.assertTrue(doc["description"].endswith("..."))

    def test_html_listing_gives_titles(self):
        r = self.ok("ingest", LISTING_HTML)
        self.assertIn("ingested 1", r.err)
        doc = self.ok("show", "99104", "--format", "json").json()
        self.assertEqual(doc["title"], "Dual learning ambassadors")
        self.assertEqual(doc["country_code"], "BE-FL")
        self.assertEqual(doc["source"]["format"], "listing-html")

    def test_html_pages_and_listing_either_order(self):
        first = self.export(self.db_with("h1.db", [LISTING_HTML], self.html_pages))
        last = self.export(self.db_with("h2.db", self.html_pages, [LISTING_HTML]))
        self.assertEqual(first, last)
        self.assertEqual(first[LISTED]["type"], "Strategy/Action plan")
        self.assertEqual(first[LISTED]["source"]["format"], "policy-html")
        self.assertIsNone(first["28228"]["type"])  # no listing names the real page
        self.assertEqual(first["99101"]["title"], "Regional guidance centres for adult learners")

    def test_html_page_gives_the_text_page_record(self):
        text = self.export(self.db_with("t.db", self.text_pages))
        html = self.export(self.db_with("h.db", self.html_pages))
        self.assertEqual(sorted(text), sorted(html))
        for pid in text:
            self.assertEqual({k: v for k, v in html[pid].items() if k != "source"},
                             {k: v for k, v in text[pid].items() if k != "source"})
            self.assertEqual(html[pid]["source"]["format"], "policy-html")

    def test_formats_are_detected_by_content(self):
        # Misleading names: the bytes decide.
        with open(LISTING_HTML, encoding="utf-8") as f:
            listing = self.write("results.txt", f.read())
        with open(HTML_PAGES[1], encoding="utf-8") as f:
            page = self.write("page.txt", f.read())
        self.ok("ingest", listing, page)
        self.assertEqual(self.ok("show", "99101", "--format", "json").json()["source"]["format"],
                         "listing-html")
        self.assertEqual(self.ok("show", "28228", "--format", "json").json()["source"]["format"],
                         "policy-html")

    # The store keeps the page and the latest listing entry apart and combines them on write.
    def test_a_second_copy_of_a_page_keeps_the_listing_type(self):
        # listing, text page, HTML page of 99100: the HTML page replaces the merged record
        # with its own document, and the type the listing lent must not be lost.
        a = self.export(self.db_with("a.db", [LISTING_TEXT], self.text_pages, self.html_pages))
        self.assertEqual(a[LISTED]["type"], "Strategy/Action plan")

    def test_a_text_listing_after_an_html_listing_keeps_the_titles(self):
        # partial over partial replaces the whole document: the HTML titles are lost.
        a = self.export(self.db_with("a.db", [LISTING_HTML], [LISTING_TEXT]))
        self.assertEqual(a["99101"]["title"], "Regional guidance centres for adult learners")


if __name__ == "__main__":
    unittest.main()
