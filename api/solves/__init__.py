"""Solve jobs: started by coordinators, run by workers, followed through the API."""
