create table fmt_f (n int, t text);
insert into fmt_f values (1, 'one'), (22, E'two\nlines'), (NULL, 'a long value that wraps');
create sequence fmt_seq start 5 owned by fmt_f.n;
create function fmt_twice(a int) returns int language sql as 'select 2 * a';
\pset null '(null)'
\pset border 2
\pset linestyle unicode
select * from fmt_f order by n;
\x on
select * from fmt_f order by n;
\x off
\pset border 0
\pset linestyle old-ascii
select * from fmt_f order by n;
\pset linestyle ascii
\pset border 1
\pset format wrapped
\pset columns 20
select * from fmt_f order by n;
\pset format html
\pset tableattr 'class="x"'
select * from fmt_f order by n;
\pset format asciidoc
select * from fmt_f order by n;
\pset format latex
select * from fmt_f order by n;
\pset format latex-longtable
select * from fmt_f order by n;
\pset format troff-ms
\x on
select * from fmt_f order by n;
\x off
\pset format unaligned
\pset recordsep ';'
select * from fmt_f order by n;
\pset format a
\pset format aligned
\pset numericlocale on
select 1234567.5::numeric as big, -1000 as neg;
\pset numericlocale off
\pset fieldsep | :foo `x` extra
\d fmt_seq
\df fmt_twice
\pset nosuch
\pset
drop table fmt_f; drop function fmt_twice;
