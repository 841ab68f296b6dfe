"""Re-plans of a published round: a solve of what remains, against its bookings."""
