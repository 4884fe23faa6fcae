"""The chairs' views: the action log across every body, the decisions register with its
referral chains, and the attendance matrix of a body for a year."""
