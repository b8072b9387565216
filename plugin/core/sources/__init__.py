"""Open-data fetchers: one HTTP client, safe archives and one parser per source. No qgis import here."""
