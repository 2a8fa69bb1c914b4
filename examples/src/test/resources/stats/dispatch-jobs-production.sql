--
-- PostgreSQL database dump
--

\restrict xwuAGx0SXZUyGScZxpd6t7s0v3h8crz5QBx91uobLiC8spop0XmDAUlVOrObc73

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
-- Statistics for Name: dispatch_jobs; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs',
	'relpages', '6945'::integer,
	'reltuples', '500000'::real,
	'relallvisible', '0'::integer,
	'relallfrozen', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{8,5294,10365,15218,20313,25606,30888,35948,40676,45558,50349,54817,60561,65967,71015,76365,81473,86425,91388,96403,101715,106816,111627,116631,122107,127034,132433,137541,142164,146547,151292,156182,160956,165338,170226,175819,180642,185810,190954,196093,201172,205835,210661,215614,220425,225658,230716,235495,240376,245525,250499,255388,260257,265478,270194,275579,280648,286051,290845,295954,301018,306086,311095,315797,320894,325785,330440,335633,340696,345812,350770,355520,360264,365157,370704,375500,380277,385188,389926,394952,399940,404797,409779,414872,419849,425524,430759,435493,440409,445421,450056,455199,460149,465205,469953,474539,479578,484658,489988,494785,499998}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs',
	'attname', 'payload',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '51'::integer,
	'n_distinct', '1'::real,
	'most_common_vals', '{pppppppppppppppppppppppppppppppppppppppppppppppppp}'::text,
	'most_common_freqs', '{1}'::real[],
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs',
	'attname', 'queue',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '3'::integer,
	'n_distinct', '10'::real,
	'most_common_vals', '{q6,q8,q9,q5,q4,q7,q1,q2,q3,q0}'::text,
	'most_common_freqs', '{0.10293333,0.1016,0.1007,0.10063333,0.10013333,0.099633336,0.0996,0.09943333,0.09923334,0.0961}'::real[],
	'correlation', '0.09540753'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs',
	'attname', 'run_at',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{"2025-01-01 00:00:40+00","2025-01-01 07:21:10+00","2025-01-01 14:23:45+00","2025-01-01 21:08:10+00","2025-01-02 04:12:45+00","2025-01-02 11:33:50+00","2025-01-02 18:54:00+00","2025-01-03 01:55:40+00","2025-01-03 08:29:40+00","2025-01-03 15:16:30+00","2025-01-03 21:55:45+00","2025-01-04 04:08:05+00","2025-01-04 12:06:45+00","2025-01-04 19:37:15+00","2025-01-05 02:37:55+00","2025-01-05 10:03:45+00","2025-01-05 17:09:25+00","2025-01-06 00:02:05+00","2025-01-06 06:55:40+00","2025-01-06 13:53:35+00","2025-01-06 21:16:15+00","2025-01-07 04:21:20+00","2025-01-07 11:02:15+00","2025-01-07 17:59:15+00","2025-01-08 01:35:35+00","2025-01-08 08:26:10+00","2025-01-08 15:56:05+00","2025-01-08 23:01:45+00","2025-01-09 05:27:00+00","2025-01-09 11:32:15+00","2025-01-09 18:07:40+00","2025-01-10 00:55:10+00","2025-01-10 07:33:00+00","2025-01-10 13:38:10+00","2025-01-10 20:25:30+00","2025-01-11 04:11:35+00","2025-01-11 10:53:30+00","2025-01-11 18:04:10+00","2025-01-12 01:12:50+00","2025-01-12 08:21:05+00","2025-01-12 15:24:20+00","2025-01-12 21:52:55+00","2025-01-13 04:35:05+00","2025-01-13 11:27:50+00","2025-01-13 18:08:45+00","2025-01-14 01:24:50+00","2025-01-14 08:26:20+00","2025-01-14 15:04:35+00","2025-01-14 21:51:20+00","2025-01-15 05:00:25+00","2025-01-15 11:54:55+00","2025-01-15 18:42:20+00","2025-01-16 01:28:05+00","2025-01-16 08:43:10+00","2025-01-16 15:16:10+00","2025-01-16 22:44:55+00","2025-01-17 05:47:20+00","2025-01-17 13:17:35+00","2025-01-17 19:57:05+00","2025-01-18 03:02:50+00","2025-01-18 10:04:50+00","2025-01-18 17:07:10+00","2025-01-19 00:04:35+00","2025-01-19 06:36:25+00","2025-01-19 13:41:10+00","2025-01-19 20:28:45+00","2025-01-20 02:56:40+00","2025-01-20 10:09:25+00","2025-01-20 17:11:20+00","2025-01-21 00:17:40+00","2025-01-21 07:10:50+00","2025-01-21 13:46:40+00","2025-01-21 20:22:00+00","2025-01-22 03:09:45+00","2025-01-22 10:52:00+00","2025-01-22 17:31:40+00","2025-01-23 00:09:45+00","2025-01-23 06:59:00+00","2025-01-23 13:33:50+00","2025-01-23 20:32:40+00","2025-01-24 03:28:20+00","2025-01-24 10:13:05+00","2025-01-24 17:08:15+00","2025-01-25 00:12:40+00","2025-01-25 07:07:25+00","2025-01-25 15:00:20+00","2025-01-25 22:16:35+00","2025-01-26 04:51:05+00","2025-01-26 11:40:45+00","2025-01-26 18:38:25+00","2025-01-27 01:04:40+00","2025-01-27 08:13:15+00","2025-01-27 15:05:45+00","2025-01-27 22:07:05+00","2025-01-28 04:42:45+00","2025-01-28 11:04:55+00","2025-01-28 18:04:50+00","2025-01-29 01:08:10+00","2025-01-29 08:32:20+00","2025-01-29 15:12:05+00","2025-01-29 22:26:30+00"}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs',
	'attname', 'state',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '6'::integer,
	'n_distinct', '2'::real,
	'most_common_vals', '{queued,done}'::text,
	'most_common_freqs', '{0.5951333,0.40486667}'::real[],
	'correlation', '0.5213963'::real
);


--
-- Statistics for Name: dispatch_jobs_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs_pkey',
	'relpages', '1374'::integer,
	'reltuples', '500000'::real,
	'relallvisible', '0'::integer,
	'relallfrozen', '0'::integer
);


--
-- Statistics for Name: dispatch_jobs_state_queue_run_at; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '180006'::integer,
	'schemaname', 'public',
	'relname', 'dispatch_jobs_state_queue_run_at',
	'relpages', '3403'::integer,
	'reltuples', '500000'::real,
	'relallvisible', '0'::integer,
	'relallfrozen', '0'::integer
);


--
-- PostgreSQL database dump complete
--

\unrestrict xwuAGx0SXZUyGScZxpd6t7s0v3h8crz5QBx91uobLiC8spop0XmDAUlVOrObc73

