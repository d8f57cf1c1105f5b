\pset border 3
select 1 as a;
\pset border -1
select 1 as a;
\pset border 1
select;
\x on
select;
select 1 as a where false;
\x off
\pset format wrapped
\pset columns 10
select 'ääääääääääääääää日本語日本語' as u, E'tab\there' as t;
\x on
select 'ääääääääääääääää日本語日本語' as u, E'a\rb' as t;
\x auto
\pset columns 20
select 'aaaaaaaaaaaaaaaaa' as a, 'bbbbbbbbbbbbbbbbbbbbb' as b;
\x off
\pset format html
select '<&>"  x' as " lead";
\pset format latex
\pset border 3
select '#$%&_{}~^\' as x, 1 as n;
\pset format asciidoc
\pset tuples_only on
select 'a|b' as x, ' ' as y;
\pset tuples_only off
\pset format unaligned
\pset fieldsep_zero
select 1 as a, 2 as b;
\pset format aligned
\pset linestyle u
\pset unicode_border_linestyle d
\pset unicode_header_linestyle double
\pset border 2
select 1 as a, E'x\ny' as b;
\pset unicode_column_linestyle triple
\pset linestyle nope
\pset columns abc
\pset title 'T'
\pset
