-- The benchmark's probe of one view in the stock shell: every row read. likvard-bench
-- puts the view's name in place of {view}.
select count(*) from (select * from {view});
