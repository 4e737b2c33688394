"""Hints for a time zone that is not in the IANA database.

IANA names a zone for the largest city of the area that shares its clock, so a clinic in Austin
writes `America/Chicago`, not `America/Austin`. A name the database lacks is matched, in turn:
without regard to case and with spaces for underscores (`america/new york`); by its city in
another region (`Europe/Chicago`); by a city or state known to keep a zone's clock (`Austin`,
`Texas`, `TX`), for the countries that span several zones, where the zone is hardest to guess;
and by the closest name. Only the last can be wrong, so it is tried last.
"""

from __future__ import annotations

import functools
import re

NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
"""Files in the time zone database that are not places: they depend on the host or mean nothing."""

PLACES = {
    "America/New_York": """
        Atlanta, Baltimore, Boston, Charlotte, Cincinnati, Cleveland, Columbus, Jacksonville,
        Miami, Orlando, Philadelphia, Pittsburgh, Raleigh, Richmond, Tampa, Virginia Beach,
        Washington, Buffalo, Hartford, Providence, Newark, Savannah, Charleston,
        Fort Lauderdale,
        Connecticut, Delaware, District of Columbia, Florida, Georgia, Maine, Maryland,
        Massachusetts, New Hampshire, New Jersey, New York, North Carolina, Ohio,
        Pennsylvania, Rhode Island, South Carolina, Vermont, Virginia, West Virginia,
        CT, DC, DE, FL, GA, MA, MD, ME, NC, NH, NJ, NY, OH, PA, RI, SC, VA, VT, WV""",
    "America/Detroit": "Detroit, Grand Rapids, Lansing, Ann Arbor, Michigan, MI",
    "America/Indiana/Indianapolis": "Indianapolis, Fort Wayne, Indiana, IN",
    "America/Kentucky/Louisville": "Louisville, Lexington, Kentucky, KY",
    "America/Chicago": """
        Austin, Dallas, Fort Worth, Houston, San Antonio, Corpus Christi, Arlington, Plano,
        Lubbock, Waco, Memphis, Nashville, Kansas City, St. Louis, Saint Louis, Minneapolis,
        Saint Paul, St. Paul, Milwaukee, Madison, New Orleans, Baton Rouge, Oklahoma City,
        Tulsa, Omaha, Lincoln, Des Moines, Little Rock, Birmingham, Montgomery, Mobile,
        Huntsville, Jackson, Wichita, Sioux Falls, Fargo, Springfield, Peoria,
        Alabama, Arkansas, Illinois, Iowa, Kansas, Louisiana, Minnesota, Mississippi,
        Missouri, Nebraska, North Dakota, Oklahoma, South Dakota, Tennessee, Texas, Wisconsin,
        AL, AR, IA, IL, KS, LA, MN, MO, MS, ND, NE, OK, SD, TN, TX, WI""",
    "America/Denver": """
        Albuquerque, Aurora, Colorado Springs, El Paso, Salt Lake City, Santa Fe, Cheyenne,
        Billings, Fort Collins, Provo, Colorado, Montana, New Mexico, Utah, Wyoming,
        CO, MT, NM, UT, WY""",
    "America/Boise": "Idaho, ID",
    "America/Phoenix": "Tucson, Mesa, Scottsdale, Tempe, Chandler, Flagstaff, Arizona, AZ",
    "America/Los_Angeles": """
        San Francisco, San Diego, San Jose, Sacramento, Oakland, Fresno, Long Beach, Seattle,
        Portland, Las Vegas, Reno, Spokane, Tacoma, Eugene, Irvine, Santa Monica,
        Pasadena, Berkeley, Palo Alto, Santa Barbara, Bakersfield,
        California, Nevada, Oregon, Washington State, CA, NV, OR, WA""",
    "America/Anchorage": "Fairbanks, Alaska, AK",
    "Pacific/Honolulu": "Hilo, Maui, Hawaii, HI",
    "America/Toronto": """
        Ottawa, Montreal, Montréal, Quebec City, Québec, Mississauga, Brampton, Hamilton,
        Kitchener, Markham, Laval, Gatineau, Windsor, Ontario, Quebec, ON, QC""",
    "America/Winnipeg": "Manitoba, MB, Brandon",
    "America/Regina": "Saskatoon, Saskatchewan, SK",
    "America/Edmonton": "Calgary, Red Deer, Lethbridge, Alberta, AB",
    "America/Vancouver": "Victoria, Surrey, Burnaby, Kelowna, British Columbia, BC",
    "America/Halifax": "Nova Scotia, New Brunswick, Prince Edward Island, NS, NB, PE, Moncton",
    "America/St_Johns": "Newfoundland, NL",
    "America/Mexico_City": """
        Guadalajara, Monterrey, Puebla, León, Leon, Querétaro, Queretaro, Mérida, Merida,
        Oaxaca, Acapulco, Toluca, Aguascalientes, San Luis Potosí, San Luis Potosi""",
    "America/Cancun": "Playa del Carmen, Tulum, Quintana Roo",
    "America/Tijuana": "Mexicali, Ensenada, Baja California",
    "America/Sao_Paulo": """
        Rio de Janeiro, Brasília, Brasilia, Belo Horizonte, Curitiba, Porto Alegre, Salvador,
        Florianópolis, Florianopolis, Campinas, Goiânia, Goiania""",
    "America/Manaus": "Amazonas",
    "Australia/Sydney": "Canberra, Wollongong, New South Wales, NSW, ACT",
    "Australia/Melbourne": "Geelong, VIC",
    "Australia/Brisbane": "Gold Coast, Sunshine Coast, Cairns, Townsville, Queensland, QLD",
    "Australia/Perth": "Fremantle, Western Australia",
    "Australia/Adelaide": "South Australia, SA",
}
"""Cities and states that keep a zone's clock, in countries that span several zones. A name
used twice (Victoria, Springfield) counts for the zone listed first."""


def suggest(text: str) -> str | None:
    """A hint for a time zone name the database lacks, or None when nothing is close."""
    import difflib  # only a mistake needs it: imported when one is made

    zones = known_zones()
    key = _key(text)
    folded = {_key(zone): zone for zone in zones}
    if key in folded:
        return f"did you mean '{folded[key]}'?"
    city = key.rpartition("/")[2]
    cities = _zone_cities(zones)
    if city in cities:
        return f"did you mean '{cities[city]}'?"
    place = _places().get(city)
    if place is not None:
        name = text.rpartition("/")[2].replace("_", " ").strip()
        return (
            f"did you mean '{place}'? {name} keeps its time: a zone is named for the largest "
            "city that shares its clock"
        )
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return f"did you mean '{folded[close[0]]}'?" if close else None


def is_place(name: str) -> bool:
    """Whether a zone name may be a place: not one of the database's files for the host."""
    return name not in NOT_ZONES and not name.startswith(("posix/", "right/"))


@functools.cache
def known_zones() -> frozenset[str]:
    """The zones a catalogue may name (read from disk once, and only for a hint)."""
    import zoneinfo

    return frozenset(zone for zone in zoneinfo.available_timezones() if is_place(zone))


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", "_", name.strip()).casefold().removesuffix(".")


def _zone_cities(zones: frozenset[str]) -> dict[str, str]:
    """Zones by their city, for a city written under the wrong region."""
    cities: dict[str, str] = {}
    for zone in sorted(zones):
        region, _, city = zone.rpartition("/")
        if region and region not in ("Etc", "US", "Canada", "Brazil", "Mexico", "Chile"):
            cities.setdefault(_key(city), zone)
    return cities


@functools.cache
def _places() -> dict[str, str]:
    places: dict[str, str] = {}
    for zone, names in PLACES.items():
        for name in names.split(","):
            places.setdefault(_key(name), zone)
    return places
