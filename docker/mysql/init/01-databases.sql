-- Runs once, when the mysql container starts on an empty data volume (docker-entrypoint-initdb.d).
-- One database per service: each service owns its tables and Flyway migrates them on start-up.
-- The account 'app' is the one docker-compose.yml creates with MYSQL_USER / MYSQL_PASSWORD; it gets
-- these three databases and nothing else.
CREATE DATABASE IF NOT EXISTS orders;
CREATE DATABASE IF NOT EXISTS logistics;
CREATE DATABASE IF NOT EXISTS inventory;

GRANT ALL PRIVILEGES ON orders.* TO 'app'@'%';
GRANT ALL PRIVILEGES ON logistics.* TO 'app'@'%';
GRANT ALL PRIVILEGES ON inventory.* TO 'app'@'%';
