"""督办: follow-up of the decisions in issued minutes."""
