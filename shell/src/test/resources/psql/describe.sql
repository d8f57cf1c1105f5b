create table desc_t (id int primary key, code text constraint desc_code unique deferrable initially deferred, n int);
create unique index desc_n on desc_t (n) where n > 0;
\d desc_t
\d pg_toast.pg_toast_2619
comment on column desc_t.n is 'a number';
\d+ desc_t
\dt+ desc_t
\set HIDE_TABLEAM on
\set HIDE_TOAST_COMPRESSION on
\d+ desc_t
\di+ desc_n
set work_mem = 10240;
\dconfig work_mem
\dconfig+ work*
\dconfig nosuch extra
reset work_mem;
create function desc_f(a int, b text default 'x') returns int language sql immutable
as $$select a
  + 1$$;
\sf desc_f
\df desc_f int4
\df desc_f integer text -
\df desc_f * * *
\dfa bit_and small*
\do - pg_catalog.int4
\do && anyarray *
\sf+ desc_f(int, text)
\sf desc_nosuch
\sf desc_f(text)
drop function desc_f;
drop table desc_t;
