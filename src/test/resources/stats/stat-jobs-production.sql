--
-- PostgreSQL database dump
--

\restrict eGJEMbiQiuTZQ8GUBhOeRzjRjlyquFF8ZbP8lyWElFUcJGZChfk1W5vAfn4QX3Q

-- Dumped from database version 18.6 (Debian 18.6-3)
-- Dumped by pg_dump version 18.6 (Debian 18.6-3)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Statistics for Name: stat_jobs; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs',
	'relpages', '2778'::integer,
	'reltuples', '200000'::real,
	'relallvisible', '0'::integer,
	'relallfrozen', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,2122,4094,6162,8277,10287,12309,14284,16352,18424,20655,22673,24912,26962,28795,30813,32805,34961,36941,38800,40921,43044,44979,47053,49064,50975,52930,54885,56738,58851,60954,62948,64882,66756,68743,70758,72687,74652,76517,78581,80444,82653,84729,86552,88418,90581,92471,94492,96471,98533,100191,102071,104031,105996,108063,110157,112209,114074,116051,117993,119894,121765,123798,125769,127908,129946,131840,133686,135816,137882,140010,142045,144196,146289,148180,150215,152160,154188,156137,158027,159931,161878,163749,165907,167998,170088,172173,174182,176241,178186,180190,182192,184236,186227,188066,190026,191803,193942,195940,197943,199999}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs',
	'attname', 'payload',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '51'::integer,
	'n_distinct', '1'::real,
	'most_common_vals', '{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}'::text,
	'most_common_freqs', '{1}'::real[],
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs',
	'attname', 'queue',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '3'::integer,
	'n_distinct', '10'::real,
	'most_common_vals', '{q1,q9,q7,q8,q5,q4,q3,q2,q6,q0}'::text,
	'most_common_freqs', '{0.10463333,0.103133336,0.100833334,0.10033333,0.099866666,0.09933333,0.09903333,0.0982,0.0974,0.09723333}'::real[],
	'correlation', '0.099666476'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs',
	'attname', 'run_at',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{"2025-01-01 00:00:01+00","2025-01-01 00:35:22+00","2025-01-01 01:08:14+00","2025-01-01 01:42:42+00","2025-01-01 02:17:57+00","2025-01-01 02:51:27+00","2025-01-01 03:25:09+00","2025-01-01 03:58:04+00","2025-01-01 04:32:32+00","2025-01-01 05:07:04+00","2025-01-01 05:44:15+00","2025-01-01 06:17:53+00","2025-01-01 06:55:12+00","2025-01-01 07:29:22+00","2025-01-01 07:59:55+00","2025-01-01 08:33:33+00","2025-01-01 09:06:45+00","2025-01-01 09:42:41+00","2025-01-01 10:15:41+00","2025-01-01 10:46:40+00","2025-01-01 11:22:01+00","2025-01-01 11:57:24+00","2025-01-01 12:29:39+00","2025-01-01 13:04:13+00","2025-01-01 13:37:44+00","2025-01-01 14:09:35+00","2025-01-01 14:42:10+00","2025-01-01 15:14:45+00","2025-01-01 15:45:38+00","2025-01-01 16:20:51+00","2025-01-01 16:55:54+00","2025-01-01 17:29:08+00","2025-01-01 18:01:22+00","2025-01-01 18:32:36+00","2025-01-01 19:05:43+00","2025-01-01 19:39:18+00","2025-01-01 20:11:27+00","2025-01-01 20:44:12+00","2025-01-01 21:15:17+00","2025-01-01 21:49:41+00","2025-01-01 22:20:44+00","2025-01-01 22:57:33+00","2025-01-01 23:32:09+00","2025-01-02 00:02:32+00","2025-01-02 00:33:38+00","2025-01-02 01:09:41+00","2025-01-02 01:41:11+00","2025-01-02 02:14:52+00","2025-01-02 02:47:51+00","2025-01-02 03:22:13+00","2025-01-02 03:49:51+00","2025-01-02 04:21:11+00","2025-01-02 04:53:51+00","2025-01-02 05:26:36+00","2025-01-02 06:01:03+00","2025-01-02 06:35:57+00","2025-01-02 07:10:09+00","2025-01-02 07:41:14+00","2025-01-02 08:14:11+00","2025-01-02 08:46:33+00","2025-01-02 09:18:14+00","2025-01-02 09:49:25+00","2025-01-02 10:23:18+00","2025-01-02 10:56:09+00","2025-01-02 11:31:48+00","2025-01-02 12:05:46+00","2025-01-02 12:37:20+00","2025-01-02 13:08:06+00","2025-01-02 13:43:36+00","2025-01-02 14:18:02+00","2025-01-02 14:53:30+00","2025-01-02 15:27:25+00","2025-01-02 16:03:16+00","2025-01-02 16:38:09+00","2025-01-02 17:09:40+00","2025-01-02 17:43:35+00","2025-01-02 18:16:00+00","2025-01-02 18:49:48+00","2025-01-02 19:22:17+00","2025-01-02 19:53:47+00","2025-01-02 20:25:31+00","2025-01-02 20:57:58+00","2025-01-02 21:29:09+00","2025-01-02 22:05:07+00","2025-01-02 22:39:58+00","2025-01-02 23:14:48+00","2025-01-02 23:49:33+00","2025-01-03 00:23:02+00","2025-01-03 00:57:21+00","2025-01-03 01:29:46+00","2025-01-03 02:03:10+00","2025-01-03 02:36:32+00","2025-01-03 03:10:36+00","2025-01-03 03:43:47+00","2025-01-03 04:14:26+00","2025-01-03 04:47:06+00","2025-01-03 05:16:43+00","2025-01-03 05:52:22+00","2025-01-03 06:25:40+00","2025-01-03 06:59:03+00","2025-01-03 07:33:19+00"}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs',
	'attname', 'state',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '6'::integer,
	'n_distinct', '2'::real,
	'most_common_vals', '{queued,done}'::text,
	'most_common_freqs', '{0.5983,0.4017}'::real[],
	'correlation', '0.51704395'::real
);


--
-- Statistics for Name: stat_jobs_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs_pkey',
	'relpages', '551'::integer,
	'reltuples', '200000'::real,
	'relallvisible', '0'::integer,
	'relallfrozen', '0'::integer
);


--
-- Statistics for Name: stat_jobs_state_run_at; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'stat_jobs_state_run_at',
	'relpages', '774'::integer,
	'reltuples', '200000'::real,
	'relallvisible', '0'::integer,
	'relallfrozen', '0'::integer
);


--
-- PostgreSQL database dump complete
--

\unrestrict eGJEMbiQiuTZQ8GUBhOeRzjRjlyquFF8ZbP8lyWElFUcJGZChfk1W5vAfn4QX3Q

