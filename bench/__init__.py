"""The benchmark (`make bench`): the main job against a minimal script, from 10 to 400 pairs."""
