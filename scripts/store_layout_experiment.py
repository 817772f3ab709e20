#!/usr/bin/env python3
"""The grade store's layout, measured (the performance issue's "measure both"): the same
interleaved grade export inserted three ways into SQLite, the insert alone timed, in one run:

  A  today's row store: one row per grade row (grade_rows, keyed by file and line);
  B  one row per (pupil, school, term) with a column per subject of the 21 codes, each an
     integer packing the grade and its recency (betygsdatum, line) — what the refresh needs
     to re-derive the grades in force, link a temporary id later, or change a rule;
  C  one row per (pupil, school, term) with the grades as a 21-letter text and the
     recencies as one blob.

The per-pupil aggregation is done in SQL beforehand (the load would do it while streaming,
as it sums PupilGrades today) and not timed. Run after `make bench` has generated its inbox:
  python3 scripts/store_layout_experiment.py [bench-data/inbox-interleaved-2000000/betyg/alla-elever.csv.gz]
"""
import sqlite3, gzip, csv, time, os, io
import sys
src=sys.argv[1] if len(sys.argv) > 1 else 'bench-data/inbox-interleaved-2000000/betyg/alla-elever.csv.gz'
path=os.path.join(os.environ.get('TMPDIR', '/tmp'), 'store-layout.sqlite')
if os.path.exists(path): os.remove(path)
db=sqlite3.connect(path); db.execute('pragma journal_mode=wal'); db.execute('pragma synchronous=normal')
db.execute('create temp table raw (line integer, pnr text, school text, year integer, term text, subject text, grade text, date integer)')
with gzip.open(src,'rt') as f:
    r=csv.reader(f, delimiter=';'); next(r)
    batch=[]
    for i,row in enumerate(r, start=2):
        batch.append((i,row[0],row[1],int(row[2]),row[3],row[4],row[5],int(row[6].replace('-',''))))
        if len(batch)==100000: db.executemany('insert into raw values (?,?,?,?,?,?,?,?)',batch); batch=[]
    db.executemany('insert into raw values (?,?,?,?,?,?,?,?)',batch)
db.execute('create temp table ids as select pnr, row_number() over () as k from (select distinct pnr from raw)')
db.execute('create index temp.ids_pnr on ids(pnr)')
db.execute('create temp table staged as select r.line, i.k, r.school, r.term, r.year, r.subject, r.grade, r.date from raw r join ids i using (pnr) order by r.line')
n=db.execute('select count(*) from staged').fetchone()[0]
db.commit()
subjects=["BL","BI","EN","FY","GE","HKK","HI","IDH","KE","MA","M1","M2","ML","MU","RE","SH","SL","SV","SVA","TK","TN"]
# A: today's row store
db.execute('''create table grade_rows (file_id integer not null, line_number integer not null, identity_key integer not null, school_unit_code text not null, term text not null, grade_year integer not null, subject text not null, grade text not null, grade_date integer not null, primary key (file_id, line_number)) strict, without rowid''')
t=time.time(); db.execute('insert into grade_rows select 1, line, k, school, term, year, subject, grade, date from staged'); db.commit(); a=time.time()-t
# pre-aggregate per pupil-term (the load would do this in Swift while streaming)
cols=", ".join(f"max(case subject when '{s}' then grade || ':' || (date * 1000000000 + line) end) as s_{s}" for s in subjects)
db.execute(f'create temp table per_pupil as select k, school, term, max(year) as year, {cols} from staged group by k, school, term')
m=db.execute('select count(*) from per_pupil').fetchone()[0]
# B: a column per subject (grade letter and recency packed in an integer: recency*8 + grade index)
coldefs=", ".join(f"g_{s} integer" for s in subjects)
db.execute(f'create table pupil_terms_wide (file_id integer not null, identity_key integer not null, school_unit_code text not null, term text not null, grade_year integer not null, {coldefs}, primary key (file_id, term, school_unit_code, identity_key)) strict, without rowid')
sel=", ".join(f"case when s_{s} is null then null else cast(substr(s_{s}, 3) as integer) * 8 + instr('ABCDEF-', substr(s_{s},1,1)) end" for s in subjects)
db.execute(f'create temp table wide_src as select 1 as f, k, school, term, year, {sel} from per_pupil')
t=time.time(); db.execute('insert into pupil_terms_wide select * from wide_src'); db.commit(); b=time.time()-t
# C: compact: one text of 21 letters + a blob of recencies
db.execute('create table pupil_terms_compact (file_id integer not null, identity_key integer not null, school_unit_code text not null, term text not null, grade_year integer not null, grades text not null, recency blob, primary key (file_id, term, school_unit_code, identity_key)) strict, without rowid')
gr=" || ".join(f"coalesce(substr(s_{s},1,1), ' ')" for s in subjects)
rc=" || ',' || ".join(f"coalesce(substr(s_{s},3), '')" for s in subjects)
db.execute(f'create temp table compact_src as select 1 as f, k, school, term, year, {gr}, cast({rc} as blob) from per_pupil')
t=time.time(); db.execute('insert into pupil_terms_compact select * from compact_src'); db.commit(); c=time.time()-t
sz=lambda tb: db.execute(f"select sum(pgsize) from dbstat where name='{tb}'").fetchone()[0]
print(f"grade rows {n}, pupil-terms {m}")
print(f"A row store      insert {a:.2f} s  ({a/n*1e6:.2f} µs/grade row)  size {sz('grade_rows')/1e6:.0f} MB")
print(f"B wide (21 cols) insert {b:.2f} s  ({b/n*1e6:.2f} µs/grade row)  size {sz('pupil_terms_wide')/1e6:.0f} MB")
print(f"C compact        insert {c:.2f} s  ({c/n*1e6:.2f} µs/grade row)  size {sz('pupil_terms_compact')/1e6:.0f} MB")
print(f"ratios to A: B {b/a:.2f} (size {sz('pupil_terms_wide')/sz('grade_rows'):.2f}), C {c/a:.2f} (size {sz('pupil_terms_compact')/sz('grade_rows'):.2f})")
