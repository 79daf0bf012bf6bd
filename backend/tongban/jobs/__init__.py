"""Background jobs: a transactional outbox in the database, executed by huey workers."""
