#!/usr/bin/env python3
"""Writes fixtures/demo/inbox: a small, deterministic demo inbox for Likvärd.

Schools are real Stockholm school units from Skolverket's SIRIS export (the copy kept in
fixtures/demo/inbox/skolverket/, provenance in fixtures/demo/EXPECTED.md), and each school's pupils are drawn around its real 2024/25 mean merit value,
so the demo's spread between schools looks like the city's. Pupils and personnummer are
invented (valid check digits). Every defect kind of the input contract appears at least
once; fixtures/demo/EXPECTED.md says what each file should give.

Run from the package root:  python3 scripts/generate_demo_inbox.py
"""
import gzip, io, json, os, random, shutil

ROOT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "demo", "inbox")
rng = random.Random(20250630)

# The demo's schools: 26 real Stockholm school units (Kommun-kod 0180) from Skolverket's
# SIRIS export, one from each 26th of the city's distribution of school means (the smallest
# of each slice, to keep the demo small), each with its real 2024/25 mean merit value and
# number of year-9 pupils — the year-9 VT2025 grades are generated to give that mean and that
# count. Plus one unit Skolverket suppresses (fewer than 10 pupils), with 6 pupils.
# (code, name, district, official mean merit 2024/25, official pupils in year 9)
SIRIS_PATH = os.path.join(ROOT, "skolverket", "slutbetyg-ak9-2024-25-skolenhet.csv")
with open(SIRIS_PATH, "rb") as source:
    SIRIS_BYTES = source.read()   # kept across the rewrite of the inbox below
official = []
for line in SIRIS_BYTES.decode("utf-8-sig").splitlines():
    f = line.rstrip("\n").split(";")
    if len(f) == 11 and f[3] == "0180":
        official.append(f)
numeric = sorted((f for f in official if f[7] not in ("..", ".") and f[10] not in ("..", ".") and int(f[7]) >= 20),
                 key=lambda f: float(f[10].replace(",", ".")))
DISTRICTS = ["Norrmalm", "Östermalm", "Kungsholmen", "Södermalm", "Bromma", "Hägersten-Älvsjö", "Enskede-Årsta-Vantör",
             "Skarpnäck", "Farsta", "Rinkeby-Kista", "Spånga-Tensta", "Hässelby-Vällingby", "Skärholmen"]
SCHOOLS = []
for i in range(26):
    part = numeric[i * len(numeric) // 26:(i + 1) * len(numeric) // 26]
    f = min(part, key=lambda f: int(f[7]))
    SCHOOLS.append((f[1], f[0], DISTRICTS[i % len(DISTRICTS)], float(f[10].replace(",", ".")), int(f[7])))
SCHOOLS.reverse()   # the highest means first
tiny = next(f for f in official if f[7] == ".." and f[1] == "13954336")
SCHOOLS.append((tiny[1], tiny[0], "Södermalm", None, 6))   # suppressed by Skolverket too
# Two planted discrepancies for the steward's table (a late grade file, pupils counted
# differently): the warehouse's own VT2025 mean lies this far from Skolverket's.
DISCREPANCY = {SCHOOLS[5][0]: +7.5, SCHOOLS[17][0]: -9.0}
# The administration's activities. Teacher coaches go to weaker schools and are given an
# effect of +6 merit points from the spring after the start; the other kinds none.
WEAK = [s[0] for s in SCHOOLS[13:26]]
COACHED = {WEAK[0]: 2023, WEAK[2]: 2023, WEAK[4]: 2023, WEAK[6]: 2023,
           WEAK[1]: 2024, WEAK[3]: 2024, WEAK[8]: 2024, WEAK[10]: 2024}   # code → start HT of that year
COACH_EFFECT = 6.0

SUBJECTS = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M2", "MU", "RE", "SH", "SL", "SV", "TK"]
POINTS = [("A", 20), ("B", 17.5), ("C", 15), ("D", 12.5), ("E", 10), ("F", 0)]


def luhn(nine):
    s = 0
    for i, d in enumerate(nine):
        p = int(d) * (2 if i % 2 == 0 else 1)
        s += p - 9 if p > 9 else p
    return str((10 - s % 10) % 10)


serial = [100]
used_ids = set()
def personnummer(year, month, day, coordination=False):
    while True:   # never the same number for two pupils
        serial[0] += 1
        nnn = f"{serial[0] % 1000:03d}"
        if (year, month, day, nnn) not in used_ids:
            used_ids.add((year, month, day, nnn))
            break
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
def index_of(merit):
    return round(1.6 - ((merit or 230) - 180) / 150, 2)
for code, name, district, merit, _ in SCHOOLS:
    index = index_of(merit)
    rows.append(f"{code};{name};{district};kommunal;F-9;{str(index).replace('.', ',')};")
write("skolenheter/2024-08-01-skolenheter.csv", "\n".join(rows) + "\n", bom=True)
# A register update in Windows-1252 behind a `sep=` line, comma-separated: one school
# changes district from 2024-07-01 (a new version), the rest are unchanged.
code, name, _, merit, _ = SCHOOLS[4]
update = ["sep=,", "Skolenhetskod,Skolnamn,Stadsdel,Huvudman,Årskurser,Socioekonomiskt_index,Giltig_från"]
update.append(f"{code},{name},\"Enskede-Årsta-Vantör, södra\",kommunal,F-9,\"0,9\",2024-07-01")
c2, n2, d2, m2, _ = SCHOOLS[1]
update.append(f"{c2},{n2},{d2},kommunal,F-9,\"{str(index_of(m2)).replace('.', ',')}\",")
write("skolenheter/2024-09-15-andringar.csv.gz", "\r\n".join(update) + "\r\n", encoding="cp1252", gz=True)
# Two of three rows bad: over the 5 % threshold, quarantined (too_many_rejects).
write("skolenheter/2024-10-01-felaktig.csv",
      "skolenhetskod;skolnamn;huvudman\n1234567;Kortkodsskolan;kommunal\n12345678;;kommunal\n23456789;Nya skolan;kommunal\n")

# --- pupils -----------------------------------------------------------------------------
# Year 9 in four springs (VT2022 only for the teacher coaches' placebo year) and the autumn
# HT2024; year 6 in three springs, half as many. Each school's cohort is generated around
# its target mean, then its grades are nudged one step at a time until the cohort's mean
# merit value lies within 0.3 points of the target: VT2025 year 9 is Skolverket's figure.
TERMS = [("VT2022", "2022-06-10"), ("VT2023", "2023-06-09"), ("VT2024", "2024-06-10"), ("HT2024", "2024-12-18"),
         ("VT2025", "2025-06-11")]
SHOCK = {2022: -4.0, 2023: -2.0, 2024: -1.0, 2025: 0.0}   # the city's results rise a little each year
school_drift = {code: {y: rng.uniform(-3, 3) for y in SHOCK} for code, *_ in SCHOOLS}
for code, *_ in SCHOOLS:
    school_drift[code][2025] = 0.0


def target_mean(code, official_mean, term, grade_year):
    if official_mean is None:
        official_mean = 230.0
    year = int(term[2:])
    t = official_mean + DISCREPANCY.get(code, 0.0)
    if term.startswith("VT"):
        t += SHOCK[year] + school_drift[code][year]
        if code in COACHED and year <= COACHED[code]:
            t -= COACH_EFFECT                  # before the coach made its difference
    else:
        t -= 3.0                               # term grades in the autumn
    if grade_year == 6:
        t -= 8.0
    return min(max(t, 90.0), 320.0)


pupils = []   # dicts: id, school, grade year, term, ability, newcomer info
temp_counter = [0]
COHORTS = [(9, 2022), (9, 2023), (9, 2024), (9, 2025), (6, 2023), (6, 2024), (6, 2025)]
for s_index, (code, name, district, merit, n_official) in enumerate(SCHOOLS):
    for cohort, cohort_year in COHORTS:
        n = n_official if cohort_year == 2025 and cohort == 9 else max(6, round(n_official * rng.uniform(0.9, 1.1)))
        if cohort == 6:
            n = max(6, n // 2)
        target = target_mean(code, merit, f"VT{cohort_year}", cohort)
        for k in range(n):
            birth_year = cohort_year - (cohort + 6)
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            ability = target / 17 + rng.gauss(0, 2.2)
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
                # need groups from the individual assessment; none only at the smallest school
                p["newcomer"] = {"start": start, "group": None if n_official < 10 else rng.choice([1, 2, 3, 4]),
                                 "arrival": start[:8] + "01" if rng.random() < 0.7 else None}
                p["ability"] -= 2.5 + (3 - years) * 0.8
                if rng.random() < 0.35 and cohort_year == 2025 and cohort == 9:
                    temp_counter[0] += 1
                    p["temp"] = temp_id(birth_year, month, day, temp_counter[0])
            pupils.append(p)

POINT = dict(POINTS)
POINT["-"] = 0
STEPS = ["F", "E", "D", "C", "B", "A"]


def draw_grades(p, term):
    subjects = SUBJECTS if p["grade_year"] == 9 else [s for s in SUBJECTS if s != "M2"]
    if "newcomer" in p and p.setdefault("sva", rng.random() < 0.5):
        subjects = [("SVA" if s == "SV" else s) for s in subjects]
    grades = {}
    for s in subjects:
        g = grade_for(p["ability"])
        if "newcomer" in p and rng.random() < 0.12:
            g = "-"
        grades[s] = g
    return grades


def merit(grades):
    # every pupil here has 16 subjects besides M2 at most, so the merit value is their sum
    return sum(POINT[g] for g in grades.values())


def calibrate(cohort, target):
    """Nudges grades one step (2.5 points) until the cohort's mean merit value — over pupils
    with a passed grade, as Skolverket computes it — is within 0.3 points of the target."""
    counted = [g for g in cohort if any(v in "ABCDE" for v in g.values())]
    total = sum(merit(g) for g in counted)
    for _ in range(200000):
        mean = total / len(counted)
        if abs(mean - target) <= 0.3:
            return
        g = rng.choice(counted)
        subject = rng.choice(list(g))
        if g[subject] == "-":
            continue
        step = STEPS.index(g[subject])
        # E…A only: a pupil never loses their last passed grade, nor gets a 10-point jump
        if mean < target and 1 <= step < 5:
            g[subject] = STEPS[step + 1]
            total += 2.5
        elif mean > target and step >= 2:
            g[subject] = STEPS[step - 1]
            total -= 2.5


# The grades each pupil gets in each term, calibrated per (school, term, grade year).
GRADES = {}   # (pupil index, term) → {subject: grade}
for term, _ in TERMS:
    cohorts = {}
    for i, p in enumerate(pupils):
        # VT grades for the cohort's spring; HT2024 only for year 9 of spring 2025
        if term.startswith("VT") and p["vt"] != term:
            continue
        if term == "HT2024" and not (p["vt"] == "VT2025" and p["grade_year"] == 9):
            continue
        GRADES[(i, term)] = draw_grades(p, term)
        cohorts.setdefault((p["school"], p["grade_year"]), []).append(GRADES[(i, term)])
    for (code, grade_year), cohort in cohorts.items():
        official_mean = next(s[3] for s in SCHOOLS if s[0] == code)
        calibrate(cohort, target_mean(code, official_mean, term, grade_year))

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
    for i, p in enumerate(pupils):
        if (i, term) not in GRADES:
            continue
        ident = p["temp"] if p.get("temp") and term in ("HT2024",) else p["pnr"]
        for s, g in GRADES[(i, term)].items():
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

write("betyg/2022-06-17-betyg-vt2022.csv.gz", HEADER + "\n" + "\n".join(files["VT2022"]) + "\n", gz=True)
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
# (F becomes E in year 6 only: year 9 keeps Skolverket's figure)
corrected = [r.replace(";F;", ";E;") if ";6;VT2025;" in r else r
             for r in files["VT2025"] if r.split(";")[1] == fix_school and "VT2025" in r]
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
    # the five areas of the city's IT strategy, as the demo names them
    "delomraden": ["Ledning och styrning", "Undervisning och lärande", "Kompetens", "Infrastruktur och tillgång",
                   "Trygghet och säkerhet"],
    "scale": {"min": 1, "max": 5, "dont_know": ["Vet ej", "vet inte"]},
    "questions": [
        {"id": "q01", "text": "Vi använder digitala verktyg för att utveckla undervisningen.", "focus_area": "digitalisering", "reversed": False, "delomrade": "Undervisning och lärande"},
        {"id": "q02", "text": "Skolans ledning leder det digitala utvecklingsarbetet strategiskt.", "focus_area": "digitalisering", "reversed": False, "delomrade": "Ledning och styrning"},
        {"id": "q03", "text": "Det är svårt att få stöd när tekniken krånglar.", "focus_area": "digitalisering", "reversed": True, "delomrade": "Infrastruktur och tillgång"},
        {"id": "q04", "text": "Elevhälsan är delaktig i arbetet med elevernas digitala vardag.", "focus_area": "elevhalsa", "reversed": False, "delomrade": "Trygghet och säkerhet"},
        {"id": "q05", "text": "Fritidshemmet använder digitala verktyg i sin verksamhet.", "focus_area": "fritidshem", "reversed": False, "delomrade": "Kompetens"},
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
# --- insatser, resurser, mal: the administration's own records -----------------------------
# Teacher coaches at eight weaker schools (four from HT2023, four from HT2024, with the
# effect planted above), analysis support at six from VT2024, critical friends at four from
# HT2023 and PRIO reviews at three from HT2024 (no effect planted for these three).
act = ["insats_id;skolenhetskod;insats;fokusomrade;start_termin;slut_termin;kostnad_kr;beskrivning"]
for i, (code, year) in enumerate(sorted(COACHED.items(), key=lambda kv: (kv[1], kv[0]))):
    act.append(f"LC-{i + 1:02d};{code};Lärarcoach;maluppfyllelse;HT{year};;{rng.choice([380000, 420000, 450000])};"
               f"Lärarcoach i matematik och svenska, två dagar i veckan")
for i, code in enumerate(s[0] for s in SCHOOLS[10:22:2]):
    act.append(f"AS-{i + 1:02d};{code};analysstod;maluppfyllelse;VT2024;VT2025;{rng.choice([60000, 80000])};Analysstöd inför resultatdialogen")
for i, code in enumerate(s[0] for s in SCHOOLS[3:11:2]):
    act.append(f"KV-{i + 1:02d};{code};kritiska_vanner;elevhalsa;HT2023;HT2024;35000;")
for i, code in enumerate(s[0] for s in SCHOOLS[18:24:2]):
    act.append(f"PR-{i + 1:02d};{code};prio;digitalisering;HT2024;;;PRIO-granskning, \"uppföljning våren 2025\"")
act.append("KV-99;99999999;kritiska_vanner;elevhalsa;HT2023;;35000;")     # unknown_school
write("insatser/2024-08-20-insatser.csv", "\n".join(act) + "\n")
# A later delivery: the first analysis support ended a term early, its cost corrected.
first_as = act[1 + len(COACHED)].split(";")   # AS-01
write("insatser/2025-02-01-andringar.csv", act[0] + "\n" + ";".join(first_as[:5] + ["HT2024", "45000", "Avslutad i förtid"]) + "\n")

res = ["skolenhetskod;lasar;antal_elever;socioekonomiskt_tillagg_kr;nyanlandpeng_kr"]
newcomers_at = {}
for p in pupils:
    if "newcomer" in p:
        newcomers_at[p["school"]] = newcomers_at.get(p["school"], 0) + 1
for year in ("2022/23", "2023/24", "2024/25"):
    for code, name, district, merit, n in SCHOOLS:
        pupils_allocated = n * 9
        supplement = max(0, round((index_of(merit) - 0.7) * 9000 * pupils_allocated, -3))
        res.append(f"{code};{year};{pupils_allocated};{int(supplement)};{newcomers_at.get(code, 0) * 20000}")
write("resurser/2024-09-01-resurser.csv", "\n".join(res) + "\n")

mal = ["mal_id;omfattning;skolenhetskod;fokusomrade;matt;population;arskurs;survey;focus_area;utgangslage_termin;maltermin;malvarde;beskrivning"]
mal.append("STAD-1;stad;;maluppfyllelse;mean_merit_value;all;9;;;VT2023;VT2026;250;Genomsnittligt meritvärde i åk 9")
mal.append("STAD-2;stad;;maluppfyllelse;gap_p90_p10;all;9;;;VT2023;VT2026;80;Minskat gap mellan skolor")
mal.append("STAD-3;stad;;maluppfyllelse;share_eligible_vocational;excl_newcomers;9;;;VT2023;VT2026;0,92;")
mal.append("STAD-4;stad;;nyanlanda;mean_merit_value;newcomers;9;;;VT2023;VT2026;200;Nyanlända elevers meritvärde")
mal.append("STAD-5;stad;;elevhalsa;survey_mean_score;;;elevenkat;elevhalsa;HT2024;HT2026;3,4;Trygghet och elevhälsa")
for i, code in enumerate(list(COACHED)[:3]):
    official_mean = next(s[3] for s in SCHOOLS if s[0] == code)
    mal.append(f"SKOLA-{i + 1};skola;{code};maluppfyllelse;mean_merit_value;all;9;;;VT2023;VT2026;{round(official_mean + 10)};")
write("mal/2024-08-25-malbilder.csv", "\n".join(mal) + "\n")

# --- skolverket: the real SIRIS export, as published, written back unchanged (with the UTF-8
# BOM; provenance in fixtures/demo/EXPECTED.md) ---------------------------------------------
os.makedirs(os.path.join(ROOT, "skolverket"), exist_ok=True)
with open(SIRIS_PATH, "wb") as out:
    out.write(SIRIS_BYTES)
print(f"wrote {ROOT}: {len(SCHOOLS)} schools, {len(pupils)} pupils")
