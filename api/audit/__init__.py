"""The audit log: every state-changing call, who made it and when."""
