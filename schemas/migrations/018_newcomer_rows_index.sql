-- The newcomers' pupil-term rows, found without reading every pupil's: newcomer results
-- (070) are rebuilt from them each night, and newcomers are a percent or two of the rows.
-- A partial index holds only them, so the rest of the rows pay nothing for it.
create index pupil_term_facts_newcomers on pupil_term_facts (term) where is_newcomer = 1;
