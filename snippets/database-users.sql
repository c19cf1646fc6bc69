-- Database roles Coder needs, created once with the master user (idempotent).
-- coder: coderd's login, authenticated with IAM (rds_iam), owner of the coder database.
-- coder_observability: read-only monitoring login for the observability chart.
\set ON_ERROR_STOP on

-- #region coder-role
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coder') THEN
    CREATE ROLE coder WITH LOGIN;
  END IF;
END
$$;
GRANT rds_iam TO coder;
ALTER DATABASE coder OWNER TO coder;
-- #endregion coder-role

-- #region observability-role
SELECT format('CREATE ROLE coder_observability WITH LOGIN PASSWORD %L', :'observability_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coder_observability') \gexec
ALTER ROLE coder_observability WITH PASSWORD :'observability_password';
GRANT pg_monitor TO coder_observability;
-- #endregion observability-role
