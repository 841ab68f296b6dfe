"""What each page shows, gathered from the domain services for one principal."""
