"""The kinds of run of the main job: dry run and apply (migration), keep-alive, verify
later, rollback, probe; and the driver that carries one out in this process."""
