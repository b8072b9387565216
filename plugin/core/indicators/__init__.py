"""Indicators over travel times (no qgis import): coverage per area, 2SFCA, isochrone bands, OD matrices.

- :mod:`.coverage` — population within N minutes per area and for the whole territory;
- :mod:`.fca` — two-step floating catchment area with decay functions (none, DREES APL steps,
  gaussian, linear);
- :mod:`.isochrones` — reached parts of the road network per time band;
- :mod:`.od_matrix` — chunked origin–destination pairs with a cut-off and K nearest;
- :mod:`.values` — numbers out of attribute values (NULL, numeric text, junk) and threshold lists.
"""
