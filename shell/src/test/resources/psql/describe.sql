create table desc_t (id int primary key, code text constraint desc_code unique deferrable initially deferred, n int);
create unique index desc_n on desc_t (n) where n > 0;
\d desc_t
\d pg_toast.pg_toast_2619
set work_mem = 10240;
\dconfig work_mem
\dconfig+ work*
\dconfig nosuch extra
reset work_mem;
drop table desc_t;
