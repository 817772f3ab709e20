-- The school's results per subject in grade 9, the latest VT term, beside the city's share
-- passed and mean points over the schools' shown rows of the same subject.
with latest as (
  select max(t.sort_key) as sort_key from subject_results s join terms t using (term)
  where s.school_unit_code = ?1 and s.grade_year = 9 and t.season = 'VT'
),
city as (
  select s.term, s.subject, sum(s.share_passed * s.n_graded) / sum(s.n_graded) as share_passed,
         sum(s.mean_points * (s.n_graded - s.n_dash)) / sum(s.n_graded - s.n_dash) as mean_points
  from subject_results s where s.grade_year = 9 and s.suppressed = 0 group by s.term, s.subject
)
select s.term, s.subject, s.n_graded, s.share_passed, s.mean_points, c.share_passed as city_share_passed,
       c.mean_points as city_mean_points
from subject_results s join terms t using (term) join latest l on l.sort_key = t.sort_key
left join city c on c.term = s.term and c.subject = s.subject
where s.school_unit_code = ?1 and s.grade_year = 9
order by s.subject
