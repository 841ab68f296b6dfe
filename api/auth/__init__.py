"""Bearer tokens, principals and roles."""
