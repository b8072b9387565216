"""Public-transport engine: GTFS reader and timetable router (plain Python, no qgis import)."""
