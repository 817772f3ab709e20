#!/usr/bin/env python3
"""Writes fixtures/demo/inbox: a small, deterministic demo inbox for Likvärd.

Schools are real Stockholm school units from Skolverket's SIRIS export (../shared/data/
skolverket), and each school's pupils are drawn around its real 2024/25 mean merit value,
so the demo's spread between schools looks like the city's. Pupils and personnummer are
invented (valid check digits). Every defect kind of the input contract appears at least
once; fixtures/demo/EXPECTED.md says what each file should give.

Run from the package root:  python3 scripts/generate_demo_inbox.py
"""
import gzip, io, json, os, random, shutil

ROOT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "demo", "inbox")
rng = random.Random(20250630)

# (code, name, district, mean merit 2024/25 from SIRIS, pupils per grade year)
SCHOOLS = [
    ("99648792", "Adolf Fredriks musikklasser", "Norrmalm", 299.1, 18),
    ("41176931", "Gärdesskolan", "Östermalm", 291.9, 16),
    ("15594566", "Äppelviksskolan", "Bromma", 289.2, 17),
    ("29410344", "Kungsholmens grundskola", "Kungsholmen", 284.8, 15),
    ("72248694", "Enskede skola", "Enskede-Årsta-Vantör", 282.8, 16),
    ("87521048", "Engelbrektsskolan", "Östermalm", 276.6, 14),
    ("53075005", "Skarpnäcks skola", "Skarpnäck", 275.6, 15),
    ("97686250", "Rödabergsskolan", "Norrmalm", 272.9, 16),
    ("29158808", "Observatorielundens skola", "Norrmalm", 274.0, 7),   # small: suppressed
]
# Lower-result schools from the same export, for a realistic gap.
for line in open(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "skolverket",
                              "slutbetyg-ak9-2024-25-skolenhet.csv"), encoding="utf-8"):
    f = line.rstrip("\n").split(";")
    if len(f) == 11 and f[3] == "0180" and f[4] == "Kommunal" and f[10] not in ("..", ".") :
        merit = float(f[10].replace(",", "."))
        if merit < 215 and len(SCHOOLS) < 13:
            SCHOOLS.append((f[1], f[0], "Söderort" if len(SCHOOLS) % 2 else "Västerort", merit, 15))

SUBJECTS = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M2", "MU", "RE", "SH", "SL", "SV", "TK"]
POINTS = [("A", 20), ("B", 17.5), ("C", 15), ("D", 12.5), ("E", 10), ("F", 0)]


def luhn(nine):
    s = 0
    for i, d in enumerate(nine):
        p = int(d) * (2 if i % 2 == 0 else 1)
        s += p - 9 if p > 9 else p
    return str((10 - s % 10) % 10)


serial = [100]
def personnummer(year, month, day, coordination=False):
    serial[0] += 1
    nnn = f"{serial[0] % 1000:03d}"
    dd = day + 60 if coordination else day
    nine = f"{year % 100:02d}{month:02d}{dd:02d}{nnn}"
    return f"{year}{month:02d}{dd:02d}-{nnn}{luhn(nine)}"


def temp_id(year, month, day, n):
    return f"{year}{month:02d}{day:02d}-T{n:03d}"


def grade_for(ability):
    x = rng.gauss(ability, 3.2)
    for g, p in POINTS:
        if x >= p - 1.25:
            return g
    return "F"


def write(rel, text, encoding="utf-8", gz=False, bom=False):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    if gz:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as g:
            g.write(data)
        data = buf.getvalue()
    with open(path, "wb") as f:
        f.write(data)
    return path


shutil.rmtree(ROOT, ignore_errors=True)

# --- skolenheter ----------------------------------------------------------------------
rows = ["skolenhetskod;skolnamn;stadsdel;huvudman;arskurser;socioekonomiskt_index;giltig_from"]
for code, name, district, merit, _ in SCHOOLS:
    index = round(1.6 - (merit - 180) / 150, 2)
    rows.append(f"{code};{name};{district};kommunal;F-9;{str(index).replace('.', ',')};")
write("skolenheter/2024-08-01-skolenheter.csv", "\n".join(rows) + "\n", bom=True)
# A register update in Windows-1252 behind a `sep=` line, comma-separated: one school
# changes district from 2024-07-01 (a new version), the rest are unchanged.
code, name, _, merit, _ = SCHOOLS[4]
update = ["sep=,", "Skolenhetskod,Skolnamn,Stadsdel,Huvudman,Årskurser,Socioekonomiskt_index,Giltig_från"]
update.append(f"{code},{name},\"Enskede-Årsta-Vantör, södra\",kommunal,F-9,\"0,9\",2024-07-01")
c2, n2, d2, m2, _ = SCHOOLS[1]
update.append(f"{c2},{n2},{d2},kommunal,F-9,\"{str(round(1.6 - (m2 - 180) / 150, 2)).replace('.', ',')}\",")
write("skolenheter/2024-09-15-andringar.csv.gz", "\r\n".join(update) + "\r\n", encoding="cp1252", gz=True)
# Two of three rows bad: over the 5 % threshold, quarantined (too_many_rejects).
write("skolenheter/2024-10-01-felaktig.csv",
      "skolenhetskod;skolnamn;huvudman\n1234567;Kortkodsskolan;kommunal\n12345678;;kommunal\n23456789;Nya skolan;kommunal\n")

# --- pupils -----------------------------------------------------------------------------
TERMS = [("VT2023", "2023-06-09"), ("VT2024", "2024-06-10"), ("HT2024", "2024-12-18"), ("VT2025", "2025-06-11")]
pupils = []   # dicts: id, school, grade_year_at_vt2025, ability, newcomer info
temp_counter = [0]
for s_index, (code, name, district, merit, n) in enumerate(SCHOOLS):
    for cohort in (9, 6):
        for cohort_year in (2023, 2024, 2025):          # spring of the year they are in `cohort`
            for k in range(n):
                birth_year = cohort_year - (cohort + 6)
                month, day = rng.randint(1, 12), rng.randint(1, 28)
                ability = (merit - (6 if cohort == 6 else 0)) / 17 + rng.gauss(0, 2.2) + (cohort_year - 2024) * 0.15
                p = {"school": code, "grade_year": cohort, "vt": f"VT{cohort_year}", "ability": ability,
                     "birth": (birth_year, month, day), "samordning": False}
                if k == 0 and s_index % 4 == 1:
                    p["samordning"] = True
                p["pnr"] = personnummer(birth_year, month, day, coordination=p["samordning"])
                # newcomers: about one in eight, school start 0-3 years before
                if rng.random() < 0.13 and not p["samordning"]:
                    years = rng.randint(0, 3)
                    start = f"{cohort_year - years - 1}-{rng.choice(['08-20', '10-03', '01-15', '03-02'])}"
                    if start.endswith(("01-15", "03-02")):
                        start = f"{cohort_year - years}-{start[5:]}"
                    p["newcomer"] = {"start": start, "group": rng.choice([1, 2, 3, 4, None]),
                                     "arrival": start[:8] + "01" if rng.random() < 0.7 else None}
                    p["ability"] -= 2.5 + (3 - years) * 0.8
                    if rng.random() < 0.35:
                        temp_counter[0] += 1
                        p["temp"] = temp_id(birth_year, month, day, temp_counter[0])
                        p["temp_only_grades"] = True
                pupils.append(p)

# --- nyanlanda --------------------------------------------------------------------------
reg = ["registreringsdatum;skolenhetskod;personnummer;tillfalligt_id;skolstart_sverige;ankomstdatum;behovsgrupp;kartlaggning_klar;modersmal"]
tongues = ["arabiska", "dari", "somaliska", "tigrinja", "ukrainska", "persiska", "pashto"]
for p in pupils:
    if "newcomer" not in p:
        continue
    nc = p["newcomer"]
    y, m, d = (int(x) for x in nc["start"].split("-"))
    reg_date = f"{y}-{m:02d}-{max(1, d - 3):02d}"
    # the mapping of prior knowledge: usually within two months, sometimes late or missing
    roll = rng.random()
    mapping = None if roll < 0.12 else (f"{y + (m + 3 > 12)}-{(m + 3 - 1) % 12 + 1:02d}-{min(d, 28):02d}" if roll < 0.3
                                        else f"{y + (m + 1 > 12)}-{m % 12 + 1:02d}-{min(d, 28):02d}")
    group = "" if nc["group"] is None else str(nc["group"])
    arrival = nc["arrival"] or ""
    if p.get("temp"):
        # first registered under a temporary id only, later linked to the personnummer
        reg.append(f"{reg_date};{p['school']};;{p['temp']};{nc['start']};{arrival};{group};{mapping or ''};{rng.choice(tongues)}")
        reg.append(f"{y + 1}-02-01;{p['school']};{p['pnr']};{p['temp']};{nc['start']};{arrival};{group};{mapping or ''};{rng.choice(tongues)}")
    else:
        reg.append(f"{reg_date};{p['school']};{p['pnr']};;{nc['start']};{arrival};{group};{mapping or ''};{rng.choice(tongues)}")
# an unlinked temporary id (unknown background), and two defects (exactly at the threshold
# is fine: keep rejects ≤ 5 %)
reg.append(f"2024-09-02;{SCHOOLS[-1][0]};;20110506-TX01;2024-08-26;2024-08-10;2;;arabiska")
reg.append(f"2024-09-03;{SCHOOLS[-1][0]};20110506-1234;;2024-08-26;;;;arabiska")      # bad check digit
reg.append(f"2024-13-03;{SCHOOLS[-2][0]};;20100101-T999;2024-08-26;;;;dari")           # no month 13
write("nyanlanda/2025-01-15-mottagning.csv", "\n".join(reg) + "\n")

# --- betyg ------------------------------------------------------------------------------
HEADER = "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;larare"
def grade_rows(term, date):
    out = []
    for p in pupils:
        # VT grades for the cohort's spring; HT2024 only for year 9 of spring 2025
        if term.startswith("VT") and p["vt"] != term:
            continue
        if term == "HT2024" and not (p["vt"] == "VT2025" and p["grade_year"] == 9):
            continue
        ident = p["temp"] if p.get("temp") and term in ("HT2024",) else p["pnr"]
        subjects = SUBJECTS if p["grade_year"] == 9 else [s for s in SUBJECTS if s not in ("M2",)]
        if "newcomer" in p and rng.random() < 0.5:
            subjects = [("SVA" if s == "SV" else s) for s in subjects]
        for s in subjects:
            g = grade_for(p["ability"])
            if "newcomer" in p and rng.random() < 0.12:
                g = "-"
            out.append(f"{ident};{p['school']};{p['grade_year'] if term != 'HT2024' else 9};{term};{s};{g};{date};{rng.choice(['ANLI', 'BEKA', 'CHJO', 'DASV'])}")
    return out

files = {}
for term, date in TERMS:
    files[term] = grade_rows(term, date)

vt24 = files["VT2024"]
vt24.insert(40, vt24[39])                                           # duplicate_row
def set_field(row, i, value):
    cells = row.split(";")
    cells[i] = value
    return ";".join(cells)
vt24[80] = set_field(vt24[80], 5, "IG")                             # invalid_grade (the old scale)
vt24[81] = set_field(vt24[81], 4, "XX")                             # invalid_subject
vt24.insert(120, vt24[120] + ";extra")                              # malformed_row (field count)
vt24[200] = set_field(vt24[200], 5, "")                             # missing_value
write("betyg/2024-06-15-betyg-vt2024.csv.gz", HEADER + "\n" + "\n".join(vt24) + "\n", gz=True)
shutil.copy(os.path.join(ROOT, "betyg/2024-06-15-betyg-vt2024.csv.gz"),
            os.path.join(ROOT, "betyg/kopia-av-vt2024.csv.gz"))     # skipped_duplicate

write("betyg/2023-06-16-betyg-vt2023.csv.gz", HEADER + "\n" + "\n".join(files["VT2023"]) + "\n", gz=True)
ht = files["HT2024"]
ht.insert(10, "\"20090101-1234;" + ht[10].split(";", 1)[1])          # malformed_row: quote never closed
write("betyg/2025-01-10-betyg-ht2024.csv", "\r\n".join([HEADER] + ht) + "\r\n")

vt25 = files["VT2025"]
vt25[5] = vt25[5].replace("VT2025", "VT25")                          # invalid_term
vt25[15] = vt25[15].replace(";9;", ";5;", 1)                         # invalid_grade_year
vt25[25] = vt25[25].replace(vt25[25].split(";")[1], "99999999", 1)   # unknown_school
vt25[35] = vt25[35][:12] + str((int(vt25[35][12]) + 1) % 10) + vt25[35][13:]   # invalid_personnummer
vt25[45] = vt25[45].replace("2025-06-11", "2025-02-30")              # invalid_date
vt25[55] = vt25[55].split(";", 1)[0] + ";1234567;" + vt25[55].split(";", 2)[2]  # invalid_school
write("betyg/2025-06-15-betyg-vt2025.csv.gz", HEADER + "\n" + "\n".join(vt25) + "\n", gz=True)

# A corrected export for one school and term: it replaces that school's VT2025 grades.
fix_school = SCHOOLS[7][0]
corrected = [r.replace(";F;", ";E;") for r in files["VT2025"] if r.split(";")[1] == fix_school and "VT2025" in r]
write("betyg/2025-06-20-rattelse-vt2025.csv", HEADER + "\n" + "\n".join(corrected) + "\n")

# Quarantined files, one per file-level code.
write("betyg/2019-gammal-betygsskala.csv", HEADER + "\n" + "\n".join(
    r.replace(";A;", ";MVG;").replace(";B;", ";VG;").replace(";C;", ";VG;").replace(";D;", ";G;").replace(";E;", ";G;").replace(";F;", ";IG;")
    for r in files["VT2023"][:60]) + "\n")                          # too_many_rejects
write("betyg/saknar-betygsdatum.csv", "personnummer;skolenhetskod;arskurs;termin;amne;betyg\n"
      + "\n".join(";".join(r.split(";")[:6]) for r in files["VT2023"][:5]) + "\n")   # missing_column
write("betyg/dubbel-kolumn.csv", "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;Betyg\n")  # duplicate_column
full = gzip.compress((HEADER + "\n" + "\n".join(files["VT2023"][:400]) + "\n").encode(), mtime=0)
write("betyg/avbruten-overforing.csv", "")                          # placeholder, replaced below
os.remove(os.path.join(ROOT, "betyg/avbruten-overforing.csv"))
with open(os.path.join(ROOT, "betyg/avbruten-overforing.csv.gz"), "wb") as f:
    f.write(full[: len(full) // 2])                                 # corrupt_gzip (truncated)
write("betyg/tom.csv", "\n\n")                                      # empty_file
write("betyg/LASMIG.txt", "Betygsfiler läggs här av skoladministrationen.\n")   # ignored
write("betyg/2026-01-10-betyg-ht2025.csv.part", HEADER + "\n")      # still being copied: skipped

# --- enkater ----------------------------------------------------------------------------
digital = {
    "survey": "digital-sjalvskattning", "title": "Självskattning digital mognad",
    "scale": {"min": 1, "max": 5, "dont_know": ["Vet ej", "vet inte"]},
    "questions": [
        {"id": "q01", "text": "Vi använder digitala verktyg för att utveckla undervisningen.", "focus_area": "digitalisering", "reversed": False},
        {"id": "q02", "text": "Skolans ledning leder det digitala utvecklingsarbetet strategiskt.", "focus_area": "digitalisering", "reversed": False},
        {"id": "q03", "text": "Det är svårt att få stöd när tekniken krånglar.", "focus_area": "digitalisering", "reversed": True},
        {"id": "q04", "text": "Elevhälsan är delaktig i arbetet med elevernas digitala vardag.", "focus_area": "elevhalsa", "reversed": False},
        {"id": "q05", "text": "Fritidshemmet använder digitala verktyg i sin verksamhet.", "focus_area": "fritidshem", "reversed": False},
    ],
}
pupil_survey = {
    "survey": "elevenkat", "title": "Elevenkät",
    "scale": {"min": 1, "max": 4, "dont_know": ["Vet inte"]},
    "questions": [
        {"id": "e01", "text": "Jag kan få hjälp av skolsköterskan eller kuratorn när jag behöver.", "focus_area": "elevhalsa", "reversed": False},
        {"id": "e02", "text": "Jag känner mig trygg i skolan.", "focus_area": "elevhalsa", "reversed": False},
        {"id": "e03", "text": "Jag fick det stöd jag behövde när jag kom till skolan.", "focus_area": "nyanlanda", "reversed": False},
        {"id": "e04", "text": "Det finns roliga saker att göra på fritids.", "focus_area": "fritidshem", "reversed": False},
        {"id": "e05", "text": "Jag tycker att skolarbetet är för svårt.", "focus_area": "ovrigt", "reversed": True},
    ],
}
write("enkater/digital-sjalvskattning.json", json.dumps(digital, ensure_ascii=False, indent=2) + "\n")
write("enkater/elevenkat.json", json.dumps(pupil_survey, ensure_ascii=False, indent=2) + "\n")
write("enkater/trasig-definition.json", '{"survey": "trasig", "scale": {"min": 5, "max": 1}, "questions": []}\n')

answers = ["svar_id;survey;skolenhetskod;inskickad;roll;niva;q01;q02;q03;q04;q05"]
n = 0
for s_index, (code, *_rest) in enumerate(SCHOOLS):
    level = 1.4 if s_index >= 10 else 3.6
    for k in range(7 if s_index != 8 else 3):
        n += 1
        role = "rektor" if k == 0 else ("larare" if k < 6 else "")
        cells = []
        for q in range(5):
            if rng.random() < 0.1:
                cells.append(rng.choice(["Vet ej", "vet inte"]))
            elif rng.random() < 0.05:
                cells.append("")
            else:
                v = max(1, min(5, round(rng.gauss(level, 0.8))))
                cells.append(str(6 - v if q == 2 else v))
        answers.append(f"D{n:04d};digital-sjalvskattning;{code};2024-11-{(k % 27) + 1:02d}T1{k % 10}:15:00+01:00;{role};{'skola' if k == 0 else 'individ'};" + ";".join(cells))
answers.append("D9001;digital-sjalvskattning;" + SCHOOLS[0][0] + ";2024-11-30T23:30:00Z;larare;individ;9;3;3;3;3")  # invalid_value (off the scale)
write("enkater/2024-12-01-digital-sjalvskattning.csv", "\n".join(answers) + "\n")

pupil_rows = ["svar_id;survey;skolenhetskod;inskickad;roll;e01;e02;e03;e04;e05"]
n = 0
for s_index, (code, *_rest) in enumerate(SCHOOLS):
    for k in range(8):
        n += 1
        mean = 3.3 if s_index < 10 else 2.0
        cells = [str(max(1, min(4, round(rng.gauss(mean, 0.7))))) if rng.random() > 0.08 else "Vet inte" for _ in range(5)]
        pupil_rows.append(f"E{n:04d};elevenkat;{code};2024-10-{k + 1:02d};elev;" + ";".join(cells))
write("enkater/2024-10-20-elevenkat.csv.gz", "\n".join(pupil_rows) + "\n", gz=True)
# a later delivery re-sends two responses: they replace the earlier ones
write("enkater/2024-10-27-elevenkat-komplettering.csv",
      "svar_id;survey;skolenhetskod;inskickad;roll;e01;e02;e03;e04;e05\n"
      f"E0001;elevenkat;{SCHOOLS[0][0]};2024-10-22;elev;4;4;4;4;1\n"
      f"E0002;elevenkat;{SCHOOLS[0][0]};2024-10-22;elev;4;4;Vet inte;4;1\n")
write("enkater/okand-enkat.csv", "svar_id;survey;skolenhetskod;inskickad;x1\nX1;trivselenkat;" + SCHOOLS[0][0] + ";2024-10-01;3\n")  # unknown_survey
write("enkater/extra-fraga.csv", "svar_id;survey;skolenhetskod;inskickad;e01;e99\nY1;elevenkat;" + SCHOOLS[0][0] + ";2024-10-01;3;2\n")  # unknown_question
# --- skolverket: the real SIRIS export, as published (with the UTF-8 BOM the original has;
# provenance in fixtures/demo/EXPECTED.md) ------------------------------------------------
SIRIS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "skolverket", "slutbetyg-ak9-2024-25-skolenhet.csv")
os.makedirs(os.path.join(ROOT, "skolverket"), exist_ok=True)
with open(SIRIS, "rb") as source, open(os.path.join(ROOT, "skolverket", "slutbetyg-ak9-2024-25-skolenhet.csv"), "wb") as out:
    out.write(b"\xef\xbb\xbf" + source.read())
print(f"wrote {ROOT}: {len(SCHOOLS)} schools, {len(pupils)} pupils")
