"""The demo: a fictional, realistic history of the Centre, built through the services."""
