"""Word lists and patterns the discovery rules read as evidence (general English usage, not names).

Context words before and after a name (prepositions, nouns, verbs), name particles, derivation
suffixes of peoples and adjectives, place-name endings, inflections of common words.
"""

from __future__ import annotations

import re

PARTICLES = frozenset({"de", "du", "des", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le",
                        "ten", "ter", "bin", "ibn", "y", "zu", "af", "d'", "d’"})
OF_JOINERS = frozenset({"of"})
DEMONYM = re.compile(r"(?:ians?|eans?|icans?|ans|ese|ish|ic|ics|ites?|idae|adae|ids|isms?|ists?|[gt]ae)$")
PLACE_SUFFIX = re.compile(r"(?:ia|land|lands|stan|polis|burg|bourg|burgh|ville|ford|shire|mouth|chester|caster|"
                           r"borough|bury|grad|pur|abad|heim|stadt|dorf|ton|minster|wick|by|thorpe|field|"
                           r"sea|ium|ene|os)$")
ORDINAL = re.compile(r"(?:\s+the)?\s+\d{1,2}(?:st|nd|rd|th|d)s?\b")
INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("men", "man"), ("ied", "y"),
                ("ed", ""), ("ed", "e"), ("ly", ""))
NAME_ABBREVIATIONS = frozenset({"wm", "jas", "chas", "thos", "geo", "edw", "jno", "benj", "robt", "richd", "saml",
                                 "danl", "fredk", "alexr", "eliz", "margt", "wm", "hy"})
ROMAN = re.compile(r"^(?:[IVXL]{2,}|[VX])$")
STRONG_PLACE_PREP = frozenset({"above", "below", "beneath", "beside", "behind", "opposite", "in", "at", "into", "near", "through", "across", "throughout", "within", "inside",
                                "towards", "toward", "unto", "beyond", "via", "reached", "entered", "crossed",
                                "visited", "visit", "reach", "enter", "cross", "around", "outside", "along",
                                "between", "among", "leaving", "left"})
WEAK_PLACE_PREP = frozenset({"to", "from", "for", "over", "past", "upon", "on", "against", "by"})
PLACE_OF_NOUNS = frozenset({"city", "town", "land", "lands", "country", "kingdom", "king", "queen", "river", "island",
                             "isle", "province", "region", "people", "inhabitants", "coast", "shores", "shore",
                             "borders", "border", "capital", "tyrant", "ruler", "satrap", "territory", "mouth",
                             "mouths", "banks", "north", "south", "east", "west", "parts", "district", "village",
                             "county", "state", "plain", "gulf", "bay", "sea", "lake", "mount", "mountains",
                             "empire", "port", "harbour", "harbor", "streets", "walls", "citizens", "governor",
                             "prince", "duke", "emperor", "lord", "queen", "neighbourhood", "neighborhood",
                             "vicinity", "outskirts", "centre", "center", "heart", "rest", "whole", "all",
                             "government", "map", "history", "climate", "hills", "plains", "valley", "straits",
                             "strait", "side", "land", "soil", "springs", "source", "sources", "edge", "end",
                             "heights", "middle", "part", "top", "foot", "summit", "slopes", "sides", "boundary",
                             "boundaries", "frontier", "frontiers", "interior", "ruins", "gates", "bank",
                             "suburbs", "environs", "inhabitant", "natives", "native", "lake", "hill", "hills",
                             "castle", "cathedral", "church", "bishop", "archbishop", "mayor", "university",
                             "way", "road", "route", "direction", "streets", "market", "people", "peoples"})
PERSON_OF_NOUNS = frozenset({"pupil", "pupils", "disciple", "disciples", "teacher", "master", "student", "follower",
                             "followers", "admirer", "biographer", "contemporary", "rival", "enemy", "ally",
                             "predecessor", "mistress", "lover", "tomb", "statue", "bust", "grave", "memory",
                             "sayings", "speech", "poems", "novels", "plays", "views", "ideas", "mind", "character",
                             "marriage", "birth", "funeral", "presence", "arrival", "departure", "company",
                             "acquaintance", "absence", "health", "kindness", "son", "sons", "daughter", "daughters", "wife", "husband", "father", "mother",
                              "brother", "sister", "friend", "children", "child", "descendant", "descendants",
                              "widow", "heir", "nephew", "niece", "grandson", "granddaughter", "uncle", "aunt",
                              "cousin", "servant", "slave", "murderer", "successor", "reign", "death", "life",
                              "letter", "letters", "works", "memoirs", "portrait", "family", "opinion"})
PERSON_BEFORE = frozenset({"read", "reading", "quoted", "quotes", "cited", "cites", "king", "queen", "prince", "princess", "emperor", "general", "captain", "tyrant",
                            "son", "daughter", "wife", "husband", "brother", "sister", "father", "mother", "uncle",
                            "aunt", "cousin", "friend", "poor", "dear", "said", "says", "ask", "asked", "told",
                            "tell", "met", "married", "saw", "see", "thank", "thanks", "called", "named", "herald",
                            "goddess", "god", "hero", "lady", "sir", "mr", "mrs", "miss", "with", "sent", "love"})
PERSON_AFTER = frozenset({"said", "says", "say", "replied", "answered", "asked", "told", "tells", "wrote", "writes",
                           "thought", "thinks", "believed", "knew", "knows", "felt", "died", "married", "reigned",
                           "spoke", "speaks", "smiled", "laughed", "cried", "himself", "herself", "who", "whom",
                           "whose", "he", "she", "sends", "sent", "desires", "begs", "hopes", "seems",
                           "seemed", "looked", "looks", "came", "comes", "made", "gave", "took", "brought",
                           "wished", "wishes", "ruled", "fled", "sat", "stood", "loved", "hated", "feared",
                           "promised", "refused", "learned", "learnt", "decided", "heard", "wept", "ordered",
                           "commanded", "sought", "kissed", "wrote", "read", "sang", "prayed", "insisted"})
AUXILIARIES = frozenset({"has", "had", "is", "was", "did", "does", "would", "will", "could", "can", "should",
                          "might", "must", "shall"})
PLACE_AFTER = frozenset({"river", "sea", "mountains", "mountain", "lake", "island", "valley", "road", "street",
                          "where", "flows", "runs", "lies", "rises"})
ARTICLES = frozenset({"the", "The"})
PLACE_NOUNS = frozenset({"river", "mount", "mountain", "lake", "city", "town", "island", "isle", "port", "cape",
                          "gulf", "sea", "village", "fort", "country", "land", "region", "province", "county",
                          "kingdom", "valley", "hamlet", "parish", "harbour", "harbor", "bay", "stream",
                          "capital", "colony", "district", "state", "peninsula", "desert", "forest", "hill",
                          "street", "square", "castle", "palace", "temple", "church", "abbey", "rivers",
                          "cities", "towns", "islands", "mountains", "countries", "lands", "places", "villages",
                          "seas", "lakes", "streams", "regions", "provinces", "states", "colonies", "ports"})
PERSON_NOUNS = frozenset({"man", "woman", "son", "daughter", "king", "queen", "god", "goddess", "wife", "husband",
                           "boy", "girl", "child", "servant", "slave", "prince", "princess", "brother", "sister",
                           "father", "mother", "friend", "hero", "priest", "priestess", "poet", "author",
                           "men", "women", "sons", "daughters", "kings", "gods", "goddesses", "brothers", "sisters",
                           "children", "heroes", "friends", "poets", "authors", "names", "name"})
CALLED = frozenset({"called", "named", "name", "styled", "termed"})
APPOSITION = re.compile(r"^\s*,?\s*(?:(?:the|all|both|three|two|four|five|six|several|many|other|great|small|"
                         r"large|famous|these|those|which|are|were|of|them|its|their)\s+){0,4}([a-z]+)")
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "my", "our", "your", "his", "her",
                          "their", "its", "every", "each", "no", "some", "any", "such", "what", "which"})
SAINTS = frozenset({"St", "Saint", "Ste", "Sainte", "Sankt"})
