#!/usr/bin/env python3
"""The inbox of the grade store's migration test (fixtures/store-migration/inbox): two of the
demo's schools — every row of theirs in the demo's register, registrations and grade files —
and one hand-made grade file whose pupils' rows are apart (an export sorted by subject), with
an exact repeat and two grades of one subject on the same date. The warehouse beside it was
written from this inbox by the code before the store redesign (commit named in its README);
the test upgrades a copy and compares its views."""
import gzip, os, shutil
demo = 'fixtures/demo/inbox'
out = 'fixtures/store-migration/inbox'
schools = {'64065082', '52965560'}
shutil.rmtree(out, ignore_errors=True)
for d in ('skolenheter', 'nyanlanda', 'betyg'):
    os.makedirs(f'{out}/{d}')

def keep(src, dst, school_col, opener=open, writer=open):
    with opener(f'{demo}/{src}', 'rt', encoding='utf-8', newline='') as f:
        lines = f.read().split('\n')
    kept = [lines[0]] + [l for l in lines[1:] if l and l.split(';')[school_col] in schools]
    with writer(f'{out}/{dst}', 'wt', encoding='utf-8', newline='') as f:
        f.write('\n'.join(kept) + '\n')
    return kept

keep('skolenheter/2024-08-01-skolenheter.csv', 'skolenheter/register.csv', 0)
keep('nyanlanda/2025-01-15-mottagning.csv', 'nyanlanda/mottagning.csv', 1)
vt2024 = keep('betyg/2024-06-15-betyg-vt2024.csv.gz', 'betyg/vt2024.csv.gz', 1, gzip.open, gzip.open)
keep('betyg/2025-01-10-betyg-ht2024.csv', 'betyg/ht2024.csv', 1)
vt2025 = keep('betyg/2025-06-15-betyg-vt2025.csv.gz', 'betyg/vt2025.csv.gz', 1, gzip.open, gzip.open)
# A correction of the second school's VT2025: the whole partition again, one pupil's C now B.
second = [l.split(';') for l in vt2025[1:] if l.split(';')[1] == '52965560']
first_pupil = second[0][0]
corrected = [r[:5] + ['B' if r[0] == first_pupil and r[5] == 'C' else r[5]] + r[6:] for r in second]
with open(f'{out}/betyg/vt2025_rattelse.csv', 'w', encoding='utf-8', newline='') as f:
    f.write(vt2025[0] + '\n' + '\n'.join(';'.join(r) for r in corrected) + '\n')

# HT2023 for three pupils of the first school, sorted by subject: every pupil's rows apart.
rows = [l.split(';') for l in vt2024[1:] if l.split(';')[1] == '64065082']
pupils = sorted({r[0] for r in rows})[:3]
ht = [r[:3] + ['HT2023', r[4], r[5], '2023-12-15', r[7]] for r in rows if r[0] in pupils]
ht.sort(key=lambda r: (r[4], r[0]))
ht.append(list(ht[0]))                                              # an exact repeat: duplicate_row
ht.append(ht[1][:5] + ['F' if ht[1][5] != 'F' else 'E'] + ht[1][6:])  # same subject, same date, later line: wins
with open(f'{out}/betyg/utspridd-ht2023.csv', 'w', encoding='utf-8', newline='') as f:
    f.write(vt2024[0] + '\n' + '\n'.join(';'.join(r) for r in ht) + '\n')
