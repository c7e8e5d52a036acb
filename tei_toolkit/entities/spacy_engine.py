"""Optional statistical engine: a spaCy pipeline, named by its model package, behind the Engine interface.

Install spaCy with the extra (``pip install 'tei-toolkit[spacy]'``) and a model package
(``python -m spacy download en_core_web_sm``, or a wheel of it); nothing is downloaded at run time.
spaCy is imported in the constructor, so the default install never needs it.
"""

from __future__ import annotations

from tei_toolkit.entities.engine import Mention
from tei_toolkit.errors import UsageError

# spaCy (OntoNotes) labels -> entity kinds; NORP (peoples, nationalities) is not a name here.
LABELS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org"}


class SpacyEngine:
    """Mentions from a spaCy model's named entities (``cert="low"``: statistical guesses)."""

    name = "spacy"

    def __init__(self, model: str = "en_core_web_sm") -> None:
        try:
            import spacy
        except ModuleNotFoundError:
            raise UsageError("spaCy is not installed; expected 'pip install tei-toolkit[spacy]' and a model "
                             "package such as en_core_web_sm") from None
        try:
            self.nlp = spacy.load(model, disable=["lemmatizer"])
        except OSError:
            raise UsageError(f'spaCy model "{model}" is not installed; expected an installed model package, '
                             f"e.g. 'python -m spacy download {model}'") from None
        self.model = model

    def find(self, text: str) -> list[Mention]:
        """Entities of the mapped labels, with the possessive clitic left outside the span."""
        mentions = []
        for ent in self.nlp(text).ents:
            kind = LABELS.get(ent.label_)
            if kind is None:
                continue
            start, end = ent.start_char, ent.end_char
            while end > start and text[end - 1] in " ,.;:'’":
                end -= 1
            if text[start:end].endswith(("'s", "’s")):
                end -= 2
            if text[start:start + 4].lower() == "the ":
                start += 4
            if end > start:
                mentions.append(Mention(start, end, kind, None, "low"))
        return mentions
