"""Offline geoparsing: find place names in text and resolve them to coordinates (text -> PlaceMatch -> Place)."""

from .gazetteer import GAZETTEER_VERSION, LOCALITY_KM, Gazetteer, GeoContext, PlaceMatch, distance_km
from .names import name_key

__all__ = ["GAZETTEER_VERSION", "LOCALITY_KM", "Gazetteer", "GeoContext", "PlaceMatch", "distance_km", "name_key"]
