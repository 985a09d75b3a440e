"""survey-app: door-to-door consultation for old-compound renovation."""
