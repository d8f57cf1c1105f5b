-- The users of the example data set (:users of them, from :seed), replacing heartbeats and users.

TRUNCATE heartbeats, users RESTART IDENTITY CASCADE;

INSERT INTO users (id, timezone, github_uid, trust_level)
SELECT u,
       (ARRAY['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/Los_Angeles', 'Asia/Tokyo'])
         [1 + (hashint8extended(u, :seed) & 65535) % 6],
       100000 + u,
       (hashint8extended(u, :seed + 1) & 3)::int
FROM generate_series(1, :users::bigint) u;

SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
