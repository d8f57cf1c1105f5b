-- The Hackatime heartbeats table before the migration (see docs: hackatime-reference),
-- its users, and Flipper's two tables as flipper-active_record creates them.

CREATE TABLE IF NOT EXISTS users (
  id          bigserial PRIMARY KEY,
  timezone    varchar   NOT NULL DEFAULT 'UTC',
  github_uid  bigint,
  trust_level integer   NOT NULL DEFAULT 0,
  created_at  timestamp NOT NULL DEFAULT now(),
  updated_at  timestamp NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS heartbeats (
  id                 bigserial PRIMARY KEY,
  user_id            bigint    NOT NULL REFERENCES users (id),
  time               double precision NOT NULL,
  created_at         timestamp NOT NULL DEFAULT now(),
  updated_at         timestamp NOT NULL DEFAULT now(),
  deleted_at         timestamp,
  language           varchar,
  category           varchar,
  editor             varchar,
  operating_system   varchar,
  user_agent         varchar,
  project            varchar,
  branch             varchar,
  machine            varchar,
  entity             varchar,
  type               varchar,
  dependencies       varchar[] DEFAULT '{}',
  fields_hash        text,
  ip_address         inet,
  is_write           boolean,
  lineno             integer,
  lines              integer,
  cursorpos          integer,
  line_additions     integer,
  line_deletions     integer,
  project_root_count integer,
  source_type        integer   NOT NULL DEFAULT 0,
  ysws_program       integer   NOT NULL DEFAULT 0,
  raw_data           jsonb
);

-- The indexes that read by dimension, as the application has them.
CREATE UNIQUE INDEX IF NOT EXISTS index_heartbeats_on_fields_hash_when_not_deleted
  ON heartbeats (fields_hash) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_heartbeats_user_time_language
  ON heartbeats (user_id, time, language) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_heartbeats_user_project_time
  ON heartbeats (user_id, project, time) WHERE deleted_at IS NULL AND project IS NOT NULL;
CREATE INDEX IF NOT EXISTS index_heartbeats_on_project_and_time ON heartbeats (project, time);
CREATE INDEX IF NOT EXISTS index_heartbeats_on_category_and_time ON heartbeats (category, time);
CREATE INDEX IF NOT EXISTS index_heartbeats_on_machine ON heartbeats (machine);
CREATE INDEX IF NOT EXISTS idx_heartbeats_user_time_active ON heartbeats (user_id, time) WHERE deleted_at IS NULL;
-- The one Rails adds for the user reference; the only one that finds a user's rows without deleted_at IS NULL.
CREATE INDEX IF NOT EXISTS index_heartbeats_on_user_id ON heartbeats (user_id);
-- A second application reads the same heartbeats (a WakaTime-compatible server, queries.sql's second part): it
-- keeps no deleted_at, so it finds a user's project by a composite index of its own.
CREATE INDEX IF NOT EXISTS idx_heartbeats_user_project ON heartbeats (user_id, project);

CREATE TABLE IF NOT EXISTS flipper_features (
  id         bigserial PRIMARY KEY,
  key        varchar   NOT NULL,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS index_flipper_features_on_key ON flipper_features (key);

CREATE TABLE IF NOT EXISTS flipper_gates (
  id          bigserial PRIMARY KEY,
  feature_key varchar   NOT NULL,
  key         varchar   NOT NULL,
  value       text,
  created_at  timestamp NOT NULL,
  updated_at  timestamp NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS index_flipper_gates_on_feature_key_and_key_and_value
  ON flipper_gates (feature_key, key, value);
