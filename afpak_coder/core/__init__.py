"""The project file and the Project service. Never imports Qt."""
