-- What the application role may do (README, Privacy and audit), run as the tables' owner after
-- every `manage.py migrate`, since new tables start with no grants:
--   psql -v ON_ERROR_STOP=1 -v app_role=clinic_app -f deploy/postgresql/grants.sql
-- It may read and write the tables but never rewrite or empty the audit trail.
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
REVOKE UPDATE, DELETE, TRUNCATE ON intake_auditevent FROM :"app_role";
REVOKE DELETE, TRUNCATE ON intake_auditchainhead FROM :"app_role";
