#!/usr/bin/env python3
"""Benchmark corpus: N Cedefop policy pages derived from samples/, and their ground truth.

Every page is built from a page model the generator draws at random (seeded per page, so page
i is the same whatever N is): id, title, country, timeline (year range and stages), bodies with
their validity, target groups, thematic categories and sub-categories, European priorities,
type, subsystem, and prose paragraphs taken from the four sample pages (shuffled, with names
and numbers varied and synthetic sentences added, so that the full-text vocabulary grows as a
real corpus does). The model is then written out in one of the forms seen in samples/:

  * text, "full" form (policy-28238): Timeline and ID number headers, a help text under every
    header, per-year markers in Description, sub-category names as headings;
  * text, "short" form (the other three): no Timeline/ID headers, no help texts, sub-categories
    given only by their description paragraph;
  * HTML (samples/html/): the full form as a saved page, with chrome, entities, soft hyphens,
    paragraphs wrapped over several lines;

with bullets "- ", "  • ", "* " or "– ", CRLF line ends, a UTF-8 BOM, NBSP in prose, a final
newline or none, and sections or categories in another order on some pages.

The ground truth is what the generator put in each page (never what any parser reads back):
truth/SSS.ndjson holds one JSON object per page with id, title, country, country_code,
timeline, bodies (name, from, until), target_groups, categories (category, subcategory),
priorities, type, and the page's file name. bench/check_truth.py compares it with
`vetq export`.

Layout of --out: pages/SSS/policy-<id>.{txt,html} (1000 pages a shard), truth/SSS.ndjson,
manifest.json (parameters, generator hash, bytes per shard). A corpus whose manifest matches
the parameters and this file's hash is kept, not written again.

Usage: gen_corpus.py --out bench/out/corpus --pages 100000 [--seed 1] [--html-share 0.25]
"""

import argparse
import hashlib
import html
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TAXONOMY = ROOT / "schemas" / "taxonomy.json"
SHARD = 1000

# --------------------------------------------------------------------------------------------
# Source material: the taxonomy's labels and the sample pages' text.

SECTION_ORDER = [
    "Timeline", "ID number", "Background", "Objectives", "Description", "Bodies responsible",
    "Target groups", "Thematic categories", "European priorities in VET", "Subsystem",
    "Further reading", "Country", "Type of development", "Cite as",
]

# Which sub-category each sample sub-category paragraph describes: the generator's own
# knowledge (from the Cedefop site), keyed by the paragraph's opening words.
SUBCATEGORY_PARAGRAPHS = {
    "This thematic sub-category refers both to formal mechanisms": "Engaging stakeholders in VET governance",
    "This thematic sub-category covers all developments related to work-based": "Strengthening work-based learning and apprenticeships",
    "This thematic sub-category refers to initiatives that promote VET": "Promoting VET and lifelong learning",
    "This thematic sub-category refers to providing the possibility for individuals": "Providing up- and reskilling opportunities through CVET",
    "This thematic sub-category refers to providing high-quality lifelong learning and career": "Providing lifelong learning and career guidance",
    "This thematic sub-category refers to the integration of VET into economic": "Integrating VET into economic, industrial, innovation, social and employment strategies",
    "VET standards and curricula define the content": "Updating and developing VET standards, curricula and programmes",
    "This thematic sub-category refers to expanding VET to higher levels": "Developing VET at higher EQF levels",
    "Green transition and environmental sustainability": "Integrating green skills and competences in VET curricula and programmes",
    "This thematic sub-category refers to updating VET curricula and programmes to incorporate": "Integrating digital skills and competences in VET curricula and programmes",
    "This thematic sub-category refers to ensuring smooth transitions": "Ensuring permeability and flexible pathways",
    "This thematic sub-category refers to all kinds of incentives": "Providing incentives for learners, VET providers and companies",
    "This thematic sub-category refers to making VET pathways and programmes inclusive": "Ensuring equal opportunities and inclusiveness in education and training",
    "This thematic sub-category refers to further development of national quality": "Further developing national quality assurance systems",
    "This thematic sub-category refers to all kinds of initial and continuing professional": "Initial and continuing professional development of VET educators",
    "This thematic sub-category refers to providing opportunities for, implementing": "Learning mobility",
    "This thematic sub-category refers to acquisition of key competences": "Acquiring key competences",
}

TITLE_TOPICS = [
    "work-based learning", "the digital transition", "quality assurance", "key competences",
    "validation of non-formal and informal learning", "apprenticeships", "adult learning",
    "lifelong guidance", "teacher and trainer training", "green skills", "higher VET",
    "learning mobility", "outreach to young people not in employment, education or training",
    "upskilling of low-qualified adults", "skills anticipation", "centres of vocational excellence",
    "dual training", "micro-credentials", "recognition of prior learning", "VET financing",
    "inclusion of learners with disabilities", "integration of migrants through VET",
    "regional training plans", "sectoral skills councils", "individual learning accounts",
]
TITLE_PATTERNS = [
    "Measures of guidance and promotion of {t}",
    "Anticipating and facilitating {t}",
    "Development of a culture of {t} in initial VET",
    "Reform of {t}",
    "National strategy for {t} {y1}-{y2}",
    "{A}: a national programme for {t}",
    "Legal framework for {t}",
    "Pilot project on {t} in {region}",
    "Funding scheme supporting {t}",
    "{A} certificates for {t}",
    "Modernisation of {t} in upper secondary VET",
    "Action plan on {t} ({A})",
]
REAL_TITLES = [
    "Measures of guidance and promotion of work-based learning",
    "Anticipating and facilitating the digital transition",
    "CléA certificates for developing and assessing key competences of work force",
    "Development of a quality assurance culture in initial VET training",
]
REGIONS = ["the northern regions", "rural areas", "the capital region", "border regions",
           "the outermost regions", "three pilot regions", "industrial regions"]
BODY_TEMPLATES = [
    "Ministry of Education", "Ministry of Labour and Social Affairs", "Ministry of Economy",
    "Ministry of Education, Science and Youth", "Ministry of Employment and Vocational Training",
    "National Agency for Vocational Education and Training", "National Qualifications Authority",
    "Public employment service", "Chambers of commerce and industry", "Regional authorities",
    "Social partners - Employers organisations and workers unions",
    "National centre for VET development", "Quality assurance agency for VET",
    "Association of VET providers", "Sectoral skills councils", "Municipalities",
    "National cross-sector jobs and training committee (COPANEF)", "Association CertifPro",
    "Ministry of the French Community",
    "Ministry of National Education, Higher Education and Research",
    "Delegate Minister for VET under the education and labour ministers",
    "{A} programme office", "{A} foundation", "Agency for {t}",
]
FURTHER_READING = [
    "Ministry of Education (2021). Annual report on vocational education and training.",
    "https://www.example.org/vet/report-{n}.pdf",
    "National Agency (2023). Evaluation of the {A} programme. Final report.",
    "Law No {n}/2019 on vocational education and training.",
]
ACRONYMS = ["CléA", "Qualéduc", "Qualeduc", "Certif'Pro", "CertifPro", "CTAs", "CTA", "CMQs",
            "CMQ", "Parcoursup", "IFAPME", "COPANEF", "APEC", "Afpa", "CEFA", "SFMQ", "PEQ"]
STAGE_PATH = ["Design", "Legislative process", "Approved/Agreed", "Pilot", "Implementation"]
BULLETS_TEXT = ["- ", "  • ", "* ", "– ", "• "]
ENTITY = {"é": "&eacute;", "è": "&egrave;", "ç": "&ccedil;", "’": "&rsquo;", "‘": "&lsquo;",
          "–": "&ndash;", "—": "&mdash;", "ü": "&uuml;", "Î": "&Icirc;"}


def load_material():
    tax = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    headers = set(tax["section_headers"])
    cats = {c["name"]: c for c in tax["categories"]}
    stages = set(tax["stages"])
    help_prefix = tax["help_text_prefixes"]
    boiler, subpara, help_text = {}, {}, {}
    prose = {"Background": [], "Objectives": [], "Description": []}
    seen_prose = set()
    for path in sorted(SAMPLES.glob("policy-*.txt")):
        lines = [l.strip() for l in path.read_text(encoding="utf-8").split("\n")]
        lines = [l for l in lines if l]
        section, cat, unit = None, None, None
        for i, line in enumerate(lines):
            if line in headers and line not in ("VET Recommendation", "Osnabrück Declaration"):
                section, cat, unit = line, None, None
                continue
            if section in help_prefix and line.startswith(help_prefix[section]):
                help_text[section] = line
                continue
            if section in prose:
                if re.fullmatch(r"\d{4}", line) or line in stages or line.endswith("..."):
                    continue
                bullet = re.match(r"^(?:-|•|\*|–|\d+\.)\s+(.*)$", line)
                if bullet and unit is not None:
                    unit[1].append(bullet.group(1))
                    continue
                if line in seen_prose:
                    unit = None
                    continue
                seen_prose.add(line)
                unit = (line, [])
                prose[section].append(unit)
            elif section == "Thematic categories":
                if line in cats:
                    cat = line
                    continue
                if cat is None:
                    continue
                if any(line.startswith(o) for o in cats[cat]["description_openings"]):
                    boiler.setdefault(cat, [])
                    if line not in boiler[cat]:
                        boiler[cat].append(line)
                    continue
                for opening, sub in SUBCATEGORY_PARAGRAPHS.items():
                    if line.startswith(opening):
                        subpara.setdefault((cat, sub), [])
                        if line not in subpara[(cat, sub)]:
                            subpara[(cat, sub)].append(line)
    # The second paragraph of a sub-category ("In terms of informal cooperation, ...").
    for path in sorted(SAMPLES.glob("policy-*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith("In terms of informal cooperation, the sub-category"):
                key = ("Governance of VET and lifelong learning", "Engaging stakeholders in VET governance")
                if line.strip() not in subpara[key]:
                    subpara[key].append(line.strip())
    missing = [c for c in cats if c not in boiler]
    if missing:
        sys.exit(f"gen_corpus: no boilerplate for {missing} in samples/")
    return {
        "tax": tax, "cats": cats, "boiler": boiler, "subpara": subpara, "help": help_text,
        "prose": prose,
    }


def word_pool(seed, n=20000):
    """Pseudo-words (names of programmes, places, bodies) with Zipf-like weights."""
    r = random.Random(f"words:{seed}")
    syl = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "va", "do", "pe", "qua", "lin", "mor",
           "sen", "tav", "ber", "gol", "fir", "nes", "dal", "vik", "ost", "ela", "ur", "zen"]
    words, seen = [], set()
    while len(words) < n:
        w = "".join(r.choice(syl) for _ in range(r.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    cum, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1.0 / rank
        cum.append(total)
    return words, cum


# --------------------------------------------------------------------------------------------
# The page model.

def policy_id(i):
    # Unique, scattered over 10000..999999 (7919 and 989990 are coprime).
    return str(10000 + (i * 7919 + 12345) % 989990)


def draw_page(i, seed, M, words):
    r = random.Random(f"page:{seed}:{i}")
    tax = M["tax"]
    vocab, cum = words

    def word():
        return r.choices(vocab, cum_weights=cum)[0]

    def name():
        return word().capitalize()

    def acronym():
        return "".join(w[0] for w in (word(), word(), word())).upper() + r.choice(["", "", "+", "21"])

    p = {"i": i, "id": policy_id(i)}
    country = r.choices(tax["countries"], weights=[3 if c["code"] == "FR" else 1 for c in tax["countries"]])[0]
    p["country"], p["country_code"] = country["label"], country["code"]
    display_country = country["label"].split("-")[0]

    # Title.
    if r.random() < 0.05:
        title = r.choice(REAL_TITLES)
    else:
        y1 = r.randint(2012, 2022)
        title = r.choice(TITLE_PATTERNS).format(
            t=r.choice(TITLE_TOPICS), y1=y1, y2=y1 + r.randint(2, 8), A=acronym(),
            region=r.choice(REGIONS))
    if r.random() < 0.3:
        title += " " + r.choice(["in", "for", "across"]) + " " + name()
    p["title"] = title[0].upper() + title[1:]

    # Timeline: consecutive years, stages moving forward along the usual path.
    start = r.randint(2010, 2022)
    length = r.randint(1, min(10, 2024 - start + 1))
    stage_i = r.randint(0, 4)
    timeline = []
    for y in range(start, start + length):
        timeline.append({"year": y, "stage": STAGE_PATH[stage_i]})
        if stage_i < 4 and r.random() < 0.45:
            stage_i += 1
    if length > 2 and r.random() < 0.08:
        timeline[-1]["stage"] = r.choice(["Completed", "Discontinued"])
    p["timeline"] = timeline

    # Bodies responsible, some with validity.
    bodies = []
    for _ in range(r.randint(1, 5)):
        nm = r.choice(BODY_TEMPLATES).format(A=acronym(), t=r.choice(TITLE_TOPICS))
        if r.random() < 0.3:
            nm += " of " + display_country
        if any(b["name"] == nm for b in bodies):
            continue
        b = {"name": nm, "from": None, "until": None, "form": None}
        v = r.random()
        if v < 0.12:
            b["until"], b["form"] = r.randint(2015, 2024), "until"
        elif v < 0.18:
            b["from"], b["form"] = r.randint(2015, 2024), "since"
        elif v < 0.26:
            a = r.randint(2012, 2021)
            b["from"], b["until"], b["form"] = a, a + r.randint(1, 3), r.choice(["from-till", "from-to"])
        elif v < 0.30:
            b["from"], b["form"] = r.randint(2015, 2024), "from"
        bodies.append(b)
    p["bodies"] = bodies

    # Target groups under their audiences, in taxonomy order.
    tg = []
    audiences = [a for a in tax["target_groups"] if not a.startswith("_")]
    chosen = sorted(r.sample(range(len(audiences)), r.randint(1, len(audiences))))
    for ai in chosen:
        aud = audiences[ai]
        labels = [x["label"] for x in tax["target_groups"][aud]]
        picks = sorted(r.sample(range(len(labels)), r.randint(1, min(4, len(labels)))))
        tg.append((aud, [labels[k] for k in picks]))
    p["target_groups"] = tg

    # Thematic categories with their sub-categories. Headless pages can only name the
    # sub-categories whose description paragraph the samples give.
    p["cat_style"] = "heading" if r.random() < 0.4 else "headless"
    cats = []
    names = [c["name"] for c in tax["categories"]]
    for ci in sorted(r.sample(range(len(names)), r.randint(1, 4))):
        cname = names[ci]
        subs = [s["name"] for s in M["cats"][cname]["subcategories"]]
        if p["cat_style"] == "headless":
            subs = [s for s in subs if (cname, s) in M["subpara"]]
        k = r.choice([0, 1, 1, 2, 2, 3])
        picked = sorted(r.sample(range(len(subs)), min(k, len(subs))))
        cats.append((cname, [subs[j] for j in picked]))
    if len(cats) > 1 and r.random() < 0.1:
        r.shuffle(cats)
    p["categories"] = cats

    # European priorities.
    pri = []
    if r.random() < 0.75:
        for fw in ("VET Recommendation", "Osnabrück Declaration"):
            if r.random() < 0.6:
                labels = [x["label"] for x in tax["priorities"][fw]]
                picks = sorted(r.sample(range(len(labels)), r.randint(1, 3)))
                pri.append((fw, [labels[k] for k in picks]))
    p["priorities"] = pri
    p["priorities_section"] = bool(pri) or r.random() < 0.5

    p["type"] = r.choice(tax["types"]) if r.random() < 0.6 else None
    p["subsystem"] = r.choice([[], [], ["IVET"], ["CVET"], ["IVET", "CVET"]])
    p["further_reading"] = [
        r.choice(FURTHER_READING).format(n=r.randint(10, 999), A=acronym())
        for _ in range(r.choice([0, 0, 1, 2]))]
    p["country_field"] = r.random() < 0.2
    p["citation_year"] = r.choice([2024, 2025, 2025])
    p["edition"] = f"{p['citation_year'] - 1} update"

    # Prose: sample paragraphs (with their list items), shuffled, names and numbers varied,
    # plus synthetic sentences with page-specific words.
    page_names = {a: name() if r.random() < 0.5 else a for a in ACRONYMS}

    def vary(text):
        for a, b in page_names.items():
            if a != b and a in text:
                text = text.replace(a, b)
        if display_country != "France":
            text = text.replace("France", display_country).replace("French", display_country)
        return re.sub(r"\b(\d{2,3})\b", lambda m: str(r.randint(10, 999)) if r.random() < 0.5 else m.group(1), text)

    def synthetic():
        y = r.choice(timeline)["year"]
        return r.choice([
            f"In {y}, the {name()} programme ({acronym()}) was extended to {r.randint(2, 400)} {r.choice(['schools', 'companies', 'training centres', 'municipalities'])} in the {name()} region.",
            f"The {name()} network, coordinated by the {name()} {r.choice(['agency', 'institute', 'council', 'chamber'])}, reported {r.randint(100, 9000)} participants and {r.randint(2, 90)} new {r.choice(['curricula', 'qualifications', 'partnerships', 'modules'])} by {y}.",
            f"An evaluation by {name()} {r.choice(['University', 'Institute', 'Research Centre'])} found that {r.randint(10, 95)}% of {r.choice(['learners', 'apprentices', 'adults', 'teachers'])} completed the {word()} {word()} modules.",
            f"Funding of EUR {r.randint(1, 250)} million from the {name()} fund supports {word()} and {word()} measures until {y + r.randint(1, 5)}.",
        ])

    def prose(section, lo, hi):
        pool = M["prose"][section]
        units = [pool[k] for k in r.sample(range(len(pool)), min(len(pool), r.randint(lo, hi)))]
        out = [(vary(lead), [vary(b) for b in items]) for lead, items in units]
        for _ in range(r.randint(0, 2 if section == "Description" else 1)):
            out.insert(r.randint(0, len(out)), (synthetic(), []))
        return out

    p["background"] = prose("Background", 1, 3) if r.random() < 0.85 else []
    p["objectives"] = prose("Objectives", 1, 2)
    p["description"] = prose("Description", 3, 14)
    # Presentation.
    p["html"] = None  # decided by the caller
    p["bullet"] = r.choice(BULLETS_TEXT)
    p["crlf"] = r.random() < 0.2
    p["bom"] = r.random() < 0.1
    p["final_newline"] = r.random() < 0.5
    p["nbsp"] = r.random() < 0.1
    p["full_form"] = r.random() < 0.35
    p["swap_sections"] = r.random() < 0.1
    p["url_variant"] = r.choice(["/en", "/en", "/en", "", "/fr"]) + ("/" if r.random() < 0.1 else "")
    return p


def truth_of(p, filename):
    return {
        "file": filename,
        "id": p["id"],
        "title": p["title"],
        "country": p["country"],
        "country_code": p["country_code"],
        "timeline": p["timeline"],
        "bodies": [{"name": b["name"], "from": b["from"], "until": b["until"]} for b in p["bodies"]],
        "target_groups": [{"audience": a, "group": g} for a, gs in p["target_groups"] for g in gs],
        "categories": [{"category": c, "subcategory": s}
                       for c, subs in p["categories"] for s in (subs or [None])],
        "priorities": [{"framework": f, "item": x} for f, xs in p["priorities"] for x in xs],
        "type": p["type"],
    }


def body_line(b):
    form = b["form"]
    if form == "until":
        return f"{b['name']} (until {b['until']})"
    if form == "since":
        return f"{b['name']} (since {b['from']})"
    if form == "from":
        return f"{b['name']} (from {b['from']})"
    if form == "from-till":
        return f"{b['name']} (from {b['from']} till {b['until']})"
    if form == "from-to":
        return f"{b['name']} (from {b['from']} to {b['until']})"
    return b["name"]


def citation(p):
    return (f"Cedefop, & ReferNet. ({p['citation_year']}). {p['title']}: {p['country']}. In "
            f"Cedefop, & ReferNet. ({p['citation_year']}). Timeline of VET policies in Europe "
            f"({p['edition']}) [Online tool].")


def url(p):
    return f"https://www.cedefop.europa.eu{p['url_variant'].rstrip('/')}/tools/timeline-vet-policies-europe/search/{p['id']}" + (
        "/" if p["url_variant"].endswith("/") else "")


def sub_description(M, r, cat, sub):
    paras = M["subpara"].get((cat, sub))
    if paras:
        return paras
    return [f"This thematic sub-category refers to {sub[0].lower() + sub[1:]}, including national "
            f"and regional measures, programmes and projects of VET providers and social partners."]


def section_blocks(p, M, full):
    """The page as (header, help, [blocks]) in page order; a block is ('p', text),
    ('ul', [items]), ('h3', text), ('h4', text), ('year', (year, stage)), ('item', text),
    ('timeline', [(year, stage)])."""
    r = random.Random(f"layout:{p['i']}")
    secs = []

    def prose_blocks(units, year_notes=False):
        blocks = []
        for lead, items in units:
            blocks.append(("p", lead))
            if items:
                blocks.append(("ul", items))
        if year_notes and full:
            # Year markers between paragraphs, in timeline order.
            marks = [("year", (t["year"], t["stage"])) for t in p["timeline"]]
            pos = sorted(r.randint(1, len(blocks)) for _ in marks)
            out, k = [], 0
            for idx, b in enumerate(blocks):
                while k < len(marks) and pos[k] <= idx:
                    out.append(marks[k])
                    k += 1
                out.append(b)
            out.extend(marks[k:])
            blocks = out
        return blocks

    secs.append(("Timeline", None, [("timeline", [(t["year"], t["stage"]) for t in p["timeline"]])]))
    if full:
        secs.append(("ID number", None, [("item", p["id"])]))
    if p["background"]:
        secs.append(("Background", "Background", prose_blocks(p["background"])))
    secs.append(("Objectives", "Objectives", prose_blocks(p["objectives"])))
    secs.append(("Description", "Description", prose_blocks(p["description"], year_notes=True)))
    secs.append(("Bodies responsible", "Bodies responsible", [("ul", [body_line(b) for b in p["bodies"]])]))
    tg = []
    for aud, groups in p["target_groups"]:
        tg += [("h3", aud), ("ul", groups)]
    secs.append(("Target groups", "Target groups", tg))
    tc = []
    for cat, subs in p["categories"]:
        tc.append(("h3c", cat))
        tc += [("p", x) for x in M["boiler"][cat]]
        for sub in subs:
            if p["cat_style"] == "heading":
                tc.append(("h4", sub))
            tc += [("p", x) for x in sub_description(M, r, cat, sub)]
    secs.append(("Thematic categories", "Thematic categories", tc))
    if p["priorities_section"]:
        pr = []
        for fw, items in p["priorities"]:
            pr += [("h3", fw), ("ul", items)]
        secs.append(("European priorities in VET", "European priorities in VET", pr))
    secs.append(("Subsystem", "Subsystem", [("item", s) for s in p["subsystem"]]))
    secs.append(("Further reading", "Further reading", [("ul", p["further_reading"])] if p["further_reading"] else []))
    secs.append(("Country", None, [("item", p["country"])] if p["country_field"] else []))
    secs.append(("Type of development", "Type of development", [("item", p["type"])] if p["type"] else []))
    if p["swap_sections"]:
        # Another order for two neighbouring middle sections (never the timeline).
        k = r.randint(2, len(secs) - 2)
        secs[k], secs[k + 1] = secs[k + 1], secs[k]
    return secs


# --------------------------------------------------------------------------------------------
# Writers.

def nbsp(text, r):
    """Some spaces of a prose line as NO-BREAK SPACE, as copied from a browser."""
    return re.sub(" ", lambda m: "\u00a0" if r.random() < 0.03 else " ", text)


def encode(text, p):
    """The page's bytes as the page model asks: final newline or none, CRLF, BOM."""
    if p["final_newline"]:
        text += "\n"
    if p["crlf"]:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if p["bom"]:
        data = b"\xef\xbb\xbf" + data
    return data


def write_text(p, M):
    r = random.Random(f"text:{p['i']}")
    full = p["full_form"]
    bullet = p["bullet"]
    out = []
    for header, help_key, blocks in section_blocks(p, M, full):
        if header != "Timeline" or full:
            out.append(header)
            if full and help_key in M["help"]:
                out.append(M["help"][help_key])
        for kind, val in blocks:
            if kind == "timeline":
                out += [f"{bullet}{y}{s}" for y, s in val]
            elif kind == "p":
                out.append(nbsp(val, r) if p["nbsp"] else val)
            elif kind == "ul":
                out += [bullet + x for x in val]
            elif kind in ("h3", "h3c", "h4", "item"):
                out.append(val)
            elif kind == "year":
                out += [str(val[0]), val[1]]
    out.append("Cite as")
    out.append(citation(p))
    out.append(url(p))
    sep = "\n\n" if full else "\n"
    text = sep.join(out)
    return encode(text, p)


def html_text(s, r, shy=True):
    s = html.escape(s, quote=False)
    for a, b in ENTITY.items():
        if a in s and r.random() < 0.7:
            s = s.replace(a, b)
    if shy:
        s = re.sub(r"\b([a-z]{6})([a-z]{5,})\b",
                   lambda m: m.group(1) + "&shy;" + m.group(2) if r.random() < 0.02 else m.group(0), s)
    return s


def wrap(s, indent, width=96):
    lines, cur = [], ""
    for w in s.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    pad = " " * indent
    return "\n".join(pad + l for l in lines)


def write_html(p, M):
    r = random.Random(f"html:{p['i']}")
    t = html_text(p["title"], r, shy=False)
    o = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr" prefix="og: https://ogp.me/ns#">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1.0">',
        f"  <title>{t} | Timeline of VET policies in Europe | CEDEFOP</title>",
        f'  <link rel="canonical" href="{url(p)}">',
        '  <link rel="stylesheet" media="all" href="/themes/custom/cedefop/css/style.css?s8k2x1">',
        "  <style>.visually-hidden{position:absolute!important;clip:rect(1px,1px,1px,1px)} .timeline__year{font-weight:700}</style>",
        f'  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"pageType": "vet_policy", "entityId": "{p["id"]}"}});</script>',
        "</head>",
        '<body class="path-node page-node-type-vet-policy">',
        '  <div id="sliding-popup" class="eu-cookie-compliance-banner" role="dialog" aria-label="Cookie consent">',
        '    <div class="popup-content">',
        "      <p>We use cookies to give you the best online experience. Please let us know if you agree to all of these cookies.</p>",
        '      <button type="button" class="agree-button">Accept all cookies</button>',
        '      <a href="/en/cookies-policy">Cookie policy</a>',
        "    </div>",
        "  </div>",
        '  <a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>',
        '  <div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>',
        '    <header class="site-header" role="banner">',
        '      <a href="/en" rel="home" class="site-logo">European Centre for the Development of Vocational Training</a>',
        '      <nav class="main-menu" aria-label="Main navigation">',
        '        <ul><li><a href="/en/themes">Themes</a></li><li><a href="/en/tools">Tools</a></li><li><a href="/en/news">News &amp; press</a></li></ul>',
        "      </nav>",
        "    </header>",
        '    <nav class="breadcrumb" aria-label="Breadcrumb">',
        '      <ol><li><a href="/en">Home</a></li><li><a href="/en/tools/timeline-vet-policies-europe">Timeline of VET policies in Europe</a></li></ol>',
        "    </nav>",
        '    <main id="main-content" role="main">',
        '      <header class="page-header">',
        f'        <h1 class="page-title">{t}</h1>',
        "      </header>",
        '      <article class="node node--type-vet-policy node--view-mode-full">',
    ]
    for header, help_key, blocks in section_blocks(p, M, True):
        slug = re.sub(r"[^a-z]+", "-", header.lower()).strip("-")
        o.append(f'        <section class="field field--{slug}">')
        o.append(f'          <h2 class="field__label">{html_text(header, r, False)}</h2>')
        if help_key in M["help"]:
            o.append('          <div class="field__description">')
            o.append(wrap(html_text(M["help"][help_key], r), 12))
            o.append("          </div>")
        for kind, val in blocks:
            if kind == "timeline":
                o.append('          <ul class="timeline">')
                o += [f'            <li class="timeline__item"><span class="timeline__year">{y}</span>'
                      f'<span class="timeline__stage">{s}</span></li>' for y, s in val]
                o.append("          </ul>")
            elif kind == "p":
                o += ["          <p>", wrap(html_text(val, r), 12), "          </p>"]
            elif kind == "ul":
                o.append('          <ul class="field__items">' if header == "Bodies responsible" else "          <ul>")
                for x in val:
                    x = html_text(x, r, False)
                    o.append(f"            <li>{x}</li>" if len(x) < 80 else
                             "            <li>\n" + wrap(x, 14) + "\n            </li>")
                o.append("          </ul>")
            elif kind == "h3":
                o.append(f"          <h3>{html_text(val, r, False)}</h3>")
            elif kind == "h3c":
                o.append(f'          <h3 class="category">{html_text(val, r, False)}</h3>')
            elif kind == "h4":
                o.append(f'          <h4 class="subcategory">{html_text(val, r, False)}</h4>')
            elif kind == "item":
                o.append(f'          <div class="field__item">{html_text(val, r, False)}</div>')
            elif kind == "year":
                o.append(f'          <dl class="year-marker"><dt>{val[0]}</dt><dd>{val[1]}</dd></dl>')
        o.append("        </section>")
    u = url(p)
    o += [
        '        <section class="field field--cite-as">',
        '          <h2 class="field__label">Cite as</h2>',
        '          <p class="citation">',
        wrap(html_text(citation(p), r, False), 12),
        "          </p>",
        f'          <p class="url"><a href="{u}">{u}</a></p>',
        "        </section>",
        "      </article>",
        "    </main>",
        '    <aside class="related" aria-label="Related content">',
        '      <h2>Related tools</h2>',
        '      <ul><li><a href="/en/tools/vet-in-europe">VET in Europe database</a></li></ul>',
        "    </aside>",
        '    <footer class="site-footer" role="contentinfo">',
        "      <p>European Centre for the Development of Vocational Training (Cedefop), Thessaloniki, Greece</p>",
        "      <p>&copy; Cedefop 2025</p>",
        "    </footer>",
        "  </div>",
        '  <script src="/core/assets/vendor/jquery/jquery.min.js?v=3.7.1"></script>',
        "</body>",
        "</html>",
    ]
    text = "\n".join(o)
    return encode(text, p)


# --------------------------------------------------------------------------------------------

_M = None
_WORDS = None


def _init(seed):
    global _M, _WORDS
    _M = load_material()
    _WORDS = word_pool(seed)


def write_shard(args):
    out, shard, first, count, seed, html_share = args
    pages = Path(out) / "pages" / f"{shard:03d}"
    pages.mkdir(parents=True, exist_ok=True)
    truth, nbytes, nhtml = [], 0, 0
    for i in range(first, first + count):
        p = draw_page(i, seed, _M, _WORDS)
        is_html = random.Random(f"form:{seed}:{i}").random() < html_share
        name = f"policy-{p['id']}.{'html' if is_html else 'txt'}"
        data = write_html(p, _M) if is_html else write_text(p, _M)
        (pages / name).write_bytes(data)
        nbytes += len(data)
        nhtml += is_html
        truth.append(json.dumps(truth_of(p, f"pages/{shard:03d}/{name}"), ensure_ascii=False))
    tdir = Path(out) / "truth"
    tdir.mkdir(parents=True, exist_ok=True)
    (tdir / f"{shard:03d}.ndjson").write_text("\n".join(truth) + "\n", encoding="utf-8")
    return shard, count, nbytes, nhtml


def generator_hash():
    h = hashlib.sha256(Path(__file__).read_bytes())
    for f in sorted(SAMPLES.glob("policy-*.txt")) + [TAXONOMY]:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--html-share", type=float, default=0.25)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--force", action="store_true", help="write the corpus even if it is current")
    a = ap.parse_args()
    out = Path(a.out)
    params = {"pages": a.pages, "seed": a.seed, "html_share": a.html_share,
              "shard": SHARD, "generator": generator_hash()}
    mf = out / "manifest.json"
    if mf.exists() and not a.force:
        old = json.loads(mf.read_text())
        if {k: old.get(k) for k in params} == params:
            print(f"gen_corpus: {out} is current ({a.pages} pages)", file=sys.stderr)
            return
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    jobs = [(str(out), s, s * SHARD, min(SHARD, a.pages - s * SHARD), a.seed, a.html_share)
            for s in range((a.pages + SHARD - 1) // SHARD)]
    shards = {}
    with multiprocessing.Pool(max(1, a.jobs), initializer=_init, initargs=(a.seed,)) as pool:
        for shard, count, nbytes, nhtml in pool.imap_unordered(write_shard, jobs):
            shards[f"{shard:03d}"] = {"pages": count, "bytes": nbytes, "html": nhtml}
    params["shards"] = dict(sorted(shards.items()))
    params["bytes"] = sum(s["bytes"] for s in shards.values())
    params["html"] = sum(s["html"] for s in shards.values())
    mf.write_text(json.dumps(params, indent=1) + "\n")
    print(f"gen_corpus: wrote {a.pages} pages ({params['html']} HTML), "
          f"{params['bytes'] / 1e6:.1f} MB, to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
