#!/usr/bin/env python3
"""Writes the hostile-input corpus in this folder, deterministically (standard library only).

Run from anywhere: `python3 tests/hostile/generate.py`. The files are committed; this script
says how each was made. The large cases (a 10 MB field, a million empty lines) and the damaged
dialogue files are not committed: src-tauri/core/tests/hostile.rs makes them when it runs.
"""
import json
import os
import sqlite3
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def out(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


EVIL = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
EVIL_CSV = EVIL.replace('"', '""')  # inside a quoted CSV cell
HEAD = "bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at\n"
GOOD_ROW = "Talent,Crew in de regio,Filmhuis Noord,cinema,+,,,Werkgroep juni,2022-06-14T10:00:00Z\n"

# ---- dialogue files (opened as a dialogue) -----------------------------------------------
out("dialogue/text.ketentafel", "Dit is een notitie, geen dialoog.\n" * 20)
out("dialogue/empty.ketentafel", b"")
out("dialogue/png.ketentafel", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
out("dialogue/zip.ketentafel", b"PK\x03\x04" + b"\x00" * 200)
out("dialogue/header-only.ketentafel", b"SQLite format 3\x00" + b"\x10\x00\x01\x01\x00\x40\x20\x20" + b"\x00" * 76)
# A header with an impossible page size (1000 is no power of two).
hdr = bytearray(b"SQLite format 3\x00" + b"\x03\xe8\x01\x01\x00\x40\x20\x20" + b"\x00" * 76)
out("dialogue/bad-page-size.ketentafel", bytes(hdr) + b"\x00" * (4096 - 100))
# Another program's SQLite database: a valid file without Ketentafel's application id.
other = os.path.join(HERE, "dialogue/other-app.sqlite")
if os.path.exists(other):
    os.remove(other)
c = sqlite3.connect(other)
c.execute("PRAGMA journal_mode=DELETE")
c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
c.execute("INSERT INTO moz_places (url, title) VALUES ('https://example.org', 'Voorbeeld')")
c.commit()
c.close()
# Another program's database that even has tables named like ours.
lookalike = os.path.join(HERE, "dialogue/lookalike.ketentafel")
if os.path.exists(lookalike):
    os.remove(lookalike)
c = sqlite3.connect(lookalike)
c.execute("PRAGMA journal_mode=DELETE")
c.execute("PRAGMA user_version=4")
c.execute("CREATE TABLE dialogue (id TEXT, title TEXT)")
c.execute("CREATE TABLE positions (id TEXT, stance INTEGER)")
c.commit()
c.close()

# ---- CSV --------------------------------------------------------------------------------
out("csv/latin1.csv", (HEAD + "Talent,Caf\xe9 en cr\xe8me,Filmhuis Noord,cinema,+,,,,\n").encode("latin-1"))
out("csv/utf16.csv", ("\ufeff" + HEAD + GOOD_ROW).encode("utf-16-le"))
out("csv/binary.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
out("csv/empty.csv", b"")
out("csv/unknown-column.csv", "bouwsteen,topic,party,stance,kleur\nTalent,Crew,Filmhuis Noord,+,rood\n")
out("csv/missing-stance-column.csv", "bouwsteen,topic,party,chain_role\nTalent,Crew,Filmhuis Noord,cinema\n")
out("csv/duplicate-column.csv", "bouwsteen,topic,party,stance,stance\nTalent,Crew,Filmhuis Noord,+,-\n")
out("csv/wrong-type-stance.csv", HEAD + GOOD_ROW + "Talent,Crew in de regio,Omroep West,public_broadcaster,heel erg voor,,,Werkgroep juni,\n")
out("csv/decimal-stance.csv", "bouwsteen;topic;party;chain_role;stance\nTalent;Crew;Gilde;maker;1,5\n")
out("csv/bad-date.csv", HEAD + "Talent,Crew,Filmhuis Noord,cinema,+,,,Werkgroep juni,14-06-2022\n")
out("csv/unknown-chain-role.csv", HEAD + "Talent,Crew,Filmhuis Noord,bakker,+,,,,\n")
out("csv/new-party-without-role.csv", HEAD + "Talent,Crew,Partij die niemand kent,,+,,,,\n")
out("csv/topic-of-other-bouwsteen.csv", HEAD + GOOD_ROW + "Zichtbaarheid,Crew in de regio,Omroep West,public_broadcaster,-,,,Werkgroep juni,\n")
out("csv/empty-party.csv", HEAD + "Talent,Crew,,cinema,+,,,,\n")
out("csv/too-many-cells.csv", HEAD + GOOD_ROW + "Talent,Crew,Gilde,maker,+,,,,,extra\n")
out("csv/duplicate-rows.csv", HEAD + GOOD_ROW + "Talent,crew in de regio,FILMHUIS NOORD,cinema,-,,,Werkgroep juni,\n")
out("csv/name-too-long.csv", HEAD + "Talent,Crew," + "P" * 301 + ",cinema,+,,,,\n")
out("csv/unclosed-quote.csv", HEAD + 'Talent,"Crew in de regio,Filmhuis Noord,cinema,+,,,,\nTalent,Crew,Gilde,maker,+,,,,\n')
out("csv/html-names.csv", HEAD
    + f'Talent,"{EVIL_CSV}",{IMG},cinema,+,"<b>vet</b> & ""quotes""",[x](javascript:alert(1)),# Kop | *ster*,\n'
    + f'Talent,"{EVIL_CSV}",</td><script>x</script>,maker,-,,,# Kop | *ster*,\n')
out("csv/formula-cells.csv", HEAD
    + "Talent,'=SUM(A1:A9),'@cmd,cinema,+,\"'=HYPERLINK(\"\"http://x\"\")\",'-5 procent,'+31 sessie,\n"
    + "Talent,'=SUM(A1:A9),'t Hooft,maker,0,''=1,,'+31 sessie,\n")
out("csv/semicolon-bom-crlf.csv", "\ufeffBouwsteen;Topic;Party;Chain_role;Stance\r\nTalent;Crew;Gilde;Maker;\u22122\r\n;;;;\r\n\r\n")
out("csv/header-only.csv", HEAD)
out("csv/blank-lines-then-bad.csv", HEAD + "\n" * 50 + ",,,,,,,,\n" * 50 + "Talent,Crew,Gilde,maker,voor,,,,\n")

# ---- XLSX (hand-made workbooks: inline strings, so every byte is visible here) ------------
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WB = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Standpunten" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WBRELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def cell(r, c, v):
    ref = f"{col_name(c)}{r + 1}"
    if isinstance(v, tuple):  # (kind, raw xml inside <c>)
        return f'<c r="{ref}"{v[0]}>{v[1]}</c>'
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f'<c r="{ref}"><v>{v}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{esc(v)}</t></is></c>'


def sheet(rows):
    """rows: list of (row index, [(col, value)]) or plain lists from row 0."""
    body = []
    for r, cells in rows:
        cs = "".join(cell(r, c, v) for c, v in cells)
        body.append(f'<row r="{r + 1}">{cs}</row>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(body) + "</sheetData></worksheet>")


def xlsx(rel, rows, raw_sheet=None):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
                           ("xl/_rels/workbook.xml.rels", WBRELS),
                           ("xl/worksheets/sheet1.xml", raw_sheet if raw_sheet is not None else sheet(rows))]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def table(*lines):
    return [(r, list(enumerate(cells))) for r, cells in enumerate(lines)]


H = ["bouwsteen", "topic", "party", "chain_role", "stance", "rationale", "condition", "session", "recorded_at"]
xlsx("xlsx/good.xlsx", table(H, ["Talent", "Crew", "Gilde", "maker", 1, "", "", "Werkgroep juni"],
                             ["Talent", "Crew", "Omroep West", "public_broadcaster", -2]))
xlsx("xlsx/wrong-columns.xlsx", table(["naam", "mening"], ["Gilde", "voor"]))
xlsx("xlsx/wrong-type-stance.xlsx", table(H, ["Talent", "Crew", "Gilde", "maker", True]))
xlsx("xlsx/number-as-name.xlsx", table(H, ["Talent", 1234.5, "Gilde", "maker", 1]))
xlsx("xlsx/html-names.xlsx", table(H, ["Talent", EVIL, IMG, "cinema", 2, "[x](javascript:alert(1))", "# Kop | *ster*"]))
xlsx("xlsx/formula-text.xlsx", table(H, ["Talent", "Crew", "=cmd|' /C calc'!A0", "cinema", 1, "@SUM(1)", "'=1", "+31 sessie"]))
xlsx("xlsx/far-apart-cells.xlsx", table(H) + [(1048575, [(16383, "ver weg")])])
xlsx("xlsx/empty-sheet.xlsx", [])
xlsx("xlsx/header-in-row-3.xlsx", [(2, list(enumerate(H))), (3, list(enumerate(["Talent", "Crew", "Gilde", "maker", "x"])))])
xlsx("xlsx/broken-xml.xlsx", None, raw_sheet='<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>bouw')
xlsx("xlsx/cached-formula.xlsx", table(H, ["Talent", "Crew", "Gilde", "maker", ("", "<f>1+0</f><v>1</v>")]))
out("xlsx/not-a-zip.xlsx", "bouwsteen,topic,party\nDit is CSV met de verkeerde extensie\n")
with open(os.path.join(HERE, "xlsx/good.xlsx"), "rb") as f:
    good = f.read()
out("xlsx/truncated.xlsx", good[: len(good) // 2])
# A zip that is a Word file, not a workbook.
docx = os.path.join(HERE, "xlsx/word-document.xlsx")
with zipfile.ZipFile(docx, "w") as z:
    info = zipfile.ZipInfo("word/document.xml", date_time=(2026, 1, 1, 0, 0, 0))
    z.writestr(info, "<w:document/>")

# ---- bundles ------------------------------------------------------------------------------
T = "2026-01-01T10:00:00Z"
U = lambda n: f"00000000-0000-7000-8000-{n:012d}"


def bundle(**over):
    b = {
        "format": "ketentafel-bundle", "version": 1, "exported_at": T, "app_version": "0.1.0",
        "dialogue": {"id": U(1), "title": "Vijandige bundel", "description": "", "created_at": T, "updated_at": T},
        "bouwstenen": [{"id": U(10), "position": 0, "name": "Talent", "description": "", "created_at": T, "updated_at": T}],
        "topics": [{"id": U(20), "bouwsteen_id": U(10), "code": "H.1", "kind": "bottleneck", "title": "Crew",
                    "description": "", "priority": 2, "production_types": [], "created_at": T, "updated_at": T}],
        "parties": [{"id": U(30), "name": "Vijandige partij", "short_name": "", "chain_role": "maker", "segment": "",
                     "production_types": [], "colour": "#777777", "notes": "", "created_at": T, "updated_at": T}],
        "people": [], "verdicts": [], "actions": [], "agenda_items": [],
        "sessions": [{"id": U(40), "title": "Sessie H", "kind": "working_group", "starts_at": T, "ends_at": T,
                      "location": "", "notes": "", "attendee_ids": [], "created_at": T, "updated_at": T}],
        "positions": [{"id": U(50), "topic_id": U(20), "party_id": U(30), "session_id": U(40), "stance": 1,
                       "rationale": "", "condition": "", "quote": "", "recorded_at": T, "recorded_by": "test"}],
    }
    for k, v in over.items():
        b[k] = v(b) if callable(v) else v
    return json.dumps(b, indent=2, ensure_ascii=False) + "\n"


def edit(section, i, **fields):
    def f(b):
        b[section][i].update(fields)
        return b[section]
    return f


out("bundle/good.json", bundle())
out("bundle/not-json.json", "Dit is geen JSON.\n")
out("bundle/truncated.json", bundle()[:700])
out("bundle/other-json.json", json.dumps({"name": "ketentafel-ui", "version": "1.0.0", "private": True}, indent=2))
out("bundle/array.json", "[1, 2, 3]\n")
out("bundle/newer-version.json", bundle(version=2))
out("bundle/wrong-type-priority.json", bundle(topics=edit("topics", 0, priority="hoog")))
out("bundle/stance-out-of-range.json", bundle(positions=edit("positions", 0, stance=7)))
out("bundle/bad-colour.json", bundle(parties=edit("parties", 0, colour="red;background:url(x)")))
out("bundle/duplicate-ids.json", bundle(parties=lambda b: b["parties"] + [dict(b["parties"][0], name="Tweede partij")]))
out("bundle/dangling-party.json", bundle(positions=edit("positions", 0, party_id=U(999))))
out("bundle/dangling-bouwsteen.json", bundle(topics=edit("topics", 0, bouwsteen_id=U(998))))
out("bundle/empty-title.json", bundle(sessions=edit("sessions", 0, title="   ")))
out("bundle/latin1.json", bundle(parties=edit("parties", 0, name="Caf\u00e9")).encode("utf-8").replace(b"Caf\xc3\xa9", b"Caf\xe9"))
out("bundle/deep-nesting.json", '{"format": "ketentafel-bundle", "version": 1, "dialogue": ' + "[" * 5000 + "]" * 5000 + "}\n")
out("bundle/html-names.json", bundle(
    dialogue=lambda b: dict(b["dialogue"], title=EVIL),
    parties=edit("parties", 0, name=IMG, notes="[x](javascript:alert(1))"),
    topics=edit("topics", 0, title="# Kop | *ster* </td>", description=EVIL),
    positions=edit("positions", 0, rationale="=HYPERLINK(\"http://x\")", condition="<b>mits</b>")))

# ---- Pol.is folders ------------------------------------------------------------------------
C_HEAD = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
V_HEAD = "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree"


def polis(name, comments, votes):
    if comments is not None:
        out(f"polis/{name}/comments.csv", comments)
    if votes is not None:
        out(f"polis/{name}/participants-votes.csv", votes)


GOOD_C = C_HEAD + "1658934589213,x,1,1,1,0,1,Meer blauw op straat\n1658934589214,x,2,1,0,1,1,Minder controles\n"
polis("good", GOOD_C, V_HEAD + ",1,2\n1,,0,0,2,1,1,1,-1\n2,,1,0,1,0,0,0,\n")
polis("missing-votes", GOOD_C, None)
polis("wrong-columns", "id,text\n1,Meer blauw\n", V_HEAD + ",1\n1,,0,0,1,1,0,1\n")
polis("bad-vote", GOOD_C, V_HEAD + ",1,2\n1,,0,0,2,1,1,1,-1\n2,,0,0,1,1,0,ja,\n")
polis("latin1", (C_HEAD + "1,x,1,1,0,0,1,Caf\xe9 op de hoek\n").encode("latin-1"), V_HEAD + ",1\n1,,0,0,1,1,0,1\n")
polis("duplicate-comment-id", GOOD_C + "1658934589215,x,2,1,0,0,1,Dezelfde id nog eens\n", V_HEAD + ",1,2\n1,,0,0,1,1,0,1,\n")
polis("duplicate-participant", GOOD_C, V_HEAD + ",1,2\n1,,0,0,1,1,0,1,\n1,,0,0,1,0,1,-1,\n")
polis("dangling-vote-column", GOOD_C, V_HEAD + ",1,2,99\n1,,0,0,1,1,0,1,,1\n")
polis("ragged-row", GOOD_C, V_HEAD + ",1,2\n1,,0,0,1,1,0,1\n")
polis("html-bodies", C_HEAD + f'1,x,1,1,0,0,1,"{EVIL_CSV}"\n2,x,2,1,0,0,1,{IMG}\n3,x,3,1,0,0,-1,weg\n',
      V_HEAD + ",1,2,3\n1,,0,0,3,1,1,1,-1,1\n")
polis("participant-not-a-number", GOOD_C, V_HEAD + ",1,2\n<script>,,0,0,1,1,0,1,\n")
