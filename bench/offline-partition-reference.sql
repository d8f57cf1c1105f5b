-- The offline reference for \partition's conversion (BENCHMARKS.md, issue 18): bench_hb converted to monthly
-- range partitions on its float8 epoch 'time' in one transaction holding ACCESS EXCLUSIVE, the layout \partition
-- makes (overflow partitions included). Rolled back, so that it can be measured again; psql -f, with \timing.
-- The table, as measured:
--   drop table if exists bench_hb, bench_hb_before_partitioning, off_hb cascade;
--   create table bench_hb (id bigserial primary key, user_id int not null, time float8 not null, language text, project text, editor text, created_at timestamp not null default now());
--   insert into bench_hb (user_id, time, language, project, editor)
--   select 1 + g % 500, extract(epoch from now()) - (g::float8 / 1000000) * 730 * 86400, 'L' || (g % 40), 'p' || (g % 3000), 'E' || (g % 12)
--   from generate_series(1, 1000000) g;
--   create index on bench_hb (user_id, time);
--   vacuum analyze bench_hb;
-- The application during the online run (pgbench -n -f ins.sql -c 2 -T 70 -l):
--   insert into bench_hb (user_id, time, language, project, editor) values (1, extract(epoch from now()), 'Go', 'p1', 'vim');
\timing on
begin;
lock table bench_hb in access exclusive mode;
create table off_hb (like bench_hb including defaults) partition by range (time);
do $$
declare m timestamp := date_trunc('month', (select to_timestamp(min(time)) at time zone 'UTC' from bench_hb));
        e timestamp := date_trunc('month', now() at time zone 'UTC') + interval '7 months';
begin
  execute format('create table off_hb_past partition of off_hb for values from (minvalue) to (%L)', extract(epoch from m));
  while m < e loop
    execute format('create table %I partition of off_hb for values from (%L) to (%L)', 'off_hb_p' || to_char(m, 'YYYYMMDD'),
      extract(epoch from m), extract(epoch from m + interval '1 month'));
    m := m + interval '1 month';
  end loop;
  execute format('create table off_hb_future partition of off_hb for values from (%L) to (maxvalue)', extract(epoch from m));
end $$;
insert into off_hb select * from bench_hb;
alter table off_hb add primary key (id, time);
create index on off_hb (user_id, time);
alter table bench_hb rename to bench_hb_offline_old;
alter table off_hb rename to bench_hb;
rollback;
