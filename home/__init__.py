"""The site root: a staff member's work queue, and the public front door for everyone else."""
