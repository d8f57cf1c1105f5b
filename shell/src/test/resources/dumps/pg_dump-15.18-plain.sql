--
-- PostgreSQL database dump
--

\restrict U0rSjCp1Nel9rC6x9w0ZCF0LS2urlMU9ZX5UKTJmeY6tpb1UDSMoNe4VQfolTAF

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: empty_one; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.empty_one (
    x integer
);


ALTER TABLE public.empty_one OWNER TO postgres;

--
-- Name: person; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.person (
    id integer NOT NULL,
    name text,
    note text
);


ALTER TABLE public.person OWNER TO postgres;

--
-- Name: s; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.s
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.s OWNER TO postgres;

--
-- Data for Name: empty_one; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.empty_one (x) FROM stdin;
\.


--
-- Data for Name: person; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.person (id, name, note) FROM stdin;
1	Ann	tab\there
2	Bø	\N
3	back\\slash	line\nbreak
\.


--
-- Name: s; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.s', 42, true);


--
-- Name: person person_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

\unrestrict U0rSjCp1Nel9rC6x9w0ZCF0LS2urlMU9ZX5UKTJmeY6tpb1UDSMoNe4VQfolTAF

