"""This computer's settings for the app and where its shipped resources are."""
