"""Offline geoparsing: find place names in text and resolve them to coordinates (text -> PlaceMatch -> Place)."""

from .gazetteer import GAZETTEER_VERSION, Gazetteer, GeoContext, PlaceMatch
from .names import name_key

__all__ = ["GAZETTEER_VERSION", "Gazetteer", "GeoContext", "PlaceMatch", "name_key"]
